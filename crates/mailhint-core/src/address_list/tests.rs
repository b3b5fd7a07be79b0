use super::*;
use crate::dns::zone::Zone;
use crate::dns::{drive, Request, Response};

const ZONE: &str = "\
$ORIGIN test.
$TTL 300
good.test. IN MX 10 mx.good.test.
mx.good.test. IN A 192.0.2.10
webonly.test. IN A 192.0.2.20
nullmx.test. IN MX 0 .
nomail.test. IN TXT \"v=spf1 -all\"
163.com. IN MX 10 163mx01.mxmail.netease.com.
;! servfail broken.test
";

fn disposable() -> DisposableList {
    DisposableList::parse("# comment\nmailinator.com\nthrowaway.test\n")
}

/// Checks `text` to the end, answering from the zone as the hosts do over DoH; the check and
/// how many rounds of lookups it took.
fn run_with(text: &str, suppression: &Suppression) -> (ListCheck, usize) {
    let zone = Zone::parse(ZONE).unwrap();
    let list = disposable();
    let mut check = ListCheck::new(read(text.as_bytes()).unwrap(), ListOptions { disposable: &list, suppression });
    let mut lookups = Lookups::new();
    let mut rounds = 0;
    drive(
        &mut lookups,
        |l| check.step(l),
        |requests| {
            rounds += 1;
            requests
                .iter()
                .map(|r| match r {
                    Request::Dns(q) => (r.clone(), Response::Dns(zone.answer(q))),
                    Request::Https { .. } => unreachable!("the list asks DNS only"),
                })
                .collect()
        },
    );
    (check, rounds)
}

fn run(text: &str) -> ListCheck {
    run_with(text, &Suppression::default()).0
}

fn reasons(check: &ListCheck, row: usize) -> Vec<Reason> {
    check.verdicts()[row].findings.iter().map(|f| f.reason).collect()
}

#[test]
fn every_kind_of_address_gets_its_verdict() {
    let list = "\
name,email,company
Maria,maria@good.test,Good
Tom,tom@gmial.com,
Dup,MARIA@GOOD.TEST,
Dup2,maria@Good.Test,
Web,sales@webonly.test,
Nx,x@nosuch.test,
Null,y@nullmx.test,
NoMail,z@nomail.test,
Broken,w@broken.test,
Bad,bad..dots@good.test,
Fw,lily＠good.test,
Temp,t@mailinator.com,
Free,wang@163.com,
Empty,,
Idn,用户@例子.广告,
Ctl,a\u{7}b@good.test,
";
    let check = run(list);
    let v = check.verdicts();
    assert_eq!(v.len(), 16);
    let status = |i: usize| v[i].status;
    assert_eq!((status(0), reasons(&check, 0)), (Status::Keep, vec![]));
    assert_eq!(reasons(&check, 1), [Reason::DomainTypo]);
    assert!(v[1].findings[0].en.contains("did you mean tom@gmail.com?"), "{}", v[1].findings[0].en);
    // The local part as written counts: MARIA@ is another mailbox; the domain's case does not.
    assert_eq!(status(2), Status::Keep);
    assert_eq!(reasons(&check, 3), [Reason::Duplicate]);
    assert!(v[3].findings[0].en.contains("row 2"), "row numbers count the header line");
    assert_eq!((status(4), reasons(&check, 4)), (Status::Keep, vec![Reason::RoleAccount]));
    assert_eq!(reasons(&check, 5), [Reason::NoSuchDomain]);
    assert_eq!(reasons(&check, 6), [Reason::NullMx]);
    assert_eq!(reasons(&check, 7), [Reason::NoMailServer]);
    assert_eq!((status(8), reasons(&check, 8)), (Status::Doubtful, vec![Reason::NotChecked]));
    assert_eq!(reasons(&check, 9), [Reason::InvalidSyntax]);
    assert!(v[10].findings[0].en.contains("full-width"), "{:?}", v[10]);
    assert_eq!(reasons(&check, 11)[0], Reason::Disposable);
    assert_eq!((status(12), reasons(&check, 12)), (Status::Keep, vec![Reason::FreeMail]));
    assert_eq!(reasons(&check, 13), [Reason::NoAddress]);
    // An internationalised address is valid; its domain is not in the zone: NXDOMAIN.
    assert_eq!(reasons(&check, 14), [Reason::NoSuchDomain]);
    assert!(v[14].findings[0].en.contains("xn--"), "looked up as an A-label");
    assert_eq!(reasons(&check, 15), [Reason::InvalidSyntax]);
    assert!(v[15].address.contains("U+0007") && v[15].findings[0].en.contains("U+0007"), "{:?}", v[15]);

    let s = check.summary();
    assert_eq!((s.rows, s.removed, s.doubtful, s.clean, s.pending), (16, 11, 1, 5, 0));
    assert_eq!(s.free_mail, 1);
    assert!(s.by_reason.contains(&(Reason::InvalidSyntax, 3)));
    assert!(s.by_reason.contains(&(Reason::NoSuchDomain, 2)));
}

#[test]
fn one_lookup_set_per_distinct_domain_and_only_pending_domains_are_replayed() {
    // 3,000 addresses at 3 domains: three MX questions, then A and AAAA for the one without MX.
    let list: String =
        (0..3000).map(|i| format!("u{i}@{}\n", ["good.test", "nomail.test", "nullmx.test"][i % 3])).collect();
    let (check, rounds) = run_with(&list, &Suppression::default());
    assert_eq!(check.domain_count(), 3);
    assert_eq!(rounds, 2, "MX for all, then addresses for the one without MX");
    assert_eq!(check.summary().removed, 2000);
}

#[test]
fn bounces_remove_hard_and_report_soft() {
    let mut s = Suppression::default();
    s.add("Gone@Good.test", true, "userunknown");
    s.add("full@good.test", false, "mailboxfull");
    s.add("flip@good.test", false, "mailboxfull");
    s.add("flip@good.test", true, "userunknown");
    let (check, _) = run_with("gone@good.test\nfull@good.test\nflip@good.test\nok@good.test\n", &s);
    assert_eq!(reasons(&check, 0), [Reason::HardBounced]);
    assert_eq!((check.verdicts()[1].status, reasons(&check, 1)), (Status::Doubtful, vec![Reason::SoftBounced]));
    assert_eq!(reasons(&check, 2), [Reason::HardBounced], "hard wins over soft");
    assert_eq!(check.verdicts()[3].status, Status::Keep);
}

#[test]
fn bounce_json_one_object_or_json_lines() {
    let mut s = Suppression::default();
    let one = r#"{"bounces":[{"recipient":"a@x.test","kind":"hard","reason":"userunknown"},{"recipient":"b@x.test","kind":"not-a-bounce","reason":"vacation"}]}"#;
    assert_eq!(s.add_json(one), Ok(1));
    let lines = "{\"file\":\"1.eml\",\"bounces\":[{\"recipient\":\"c@x.test\",\"kind\":\"soft\",\"reason\":\"mailboxfull\"}]}\n{\"file\":\"2.eml\",\"error\":\"2.eml: not a message\"}\n";
    assert_eq!(s.add_json(lines), Ok(1));
    assert_eq!(s.counts(), (1, 1));
    assert!(s.add_json("maria@acme.com\n").unwrap_err().contains("mailhint bounce"));
}

#[test]
fn disposable_domains_match_the_domain_and_those_above_it_but_not_the_ending() {
    let list = DisposableList::parse("mailinator.com\nexample.co.uk\n");
    assert!(list.contains("mailinator.com") && list.contains("eu.mailinator.com"));
    assert!(!list.contains("com") && !list.contains("co.uk") && !list.contains("gmail.com"));
    assert_eq!(list.len(), 2);
    let shipped = DisposableList::parse(include_str!("../../data/disposable-email-domains.txt"));
    assert!(shipped.len() > 5_000 && shipped.contains("mailinator.com"));
    assert!(!shipped.contains("gmail.com") && !shipped.contains("qq.com") && !shipped.contains("163.com"));
}

#[test]
fn settled_rows_stream_out_once_each() {
    let zone = Zone::parse(ZONE).unwrap();
    let (list, s) = (disposable(), Suppression::default());
    let table = read(b"bad@@x.test\na@good.test\nb@nosuch.test\n").unwrap();
    let mut check = ListCheck::new(table, ListOptions { disposable: &list, suppression: &s });
    let first: Vec<usize> = check.take_settled().iter().map(|v| v.row).collect();
    assert_eq!(first, [0], "the syntax error needs no DNS");
    let mut lookups = Lookups::new();
    assert_eq!(check.step(&lookups), 2);
    assert!(check.take_settled().is_empty());
    for r in lookups.take_missing() {
        if let Request::Dns(q) = r {
            let answer = zone.answer(&q);
            lookups.insert_dns(q, answer);
        }
    }
    assert_eq!(check.step(&lookups), 0);
    let rest: Vec<usize> = check.take_settled().iter().map(|v| v.row).collect();
    assert_eq!(rest, [1, 2]);
    assert!(check.take_settled().is_empty());
}

#[test]
fn give_up_marks_pending_domains_doubtful() {
    let (list, s) = (disposable(), Suppression::default());
    let mut check = ListCheck::new(read(b"a@good.test\n").unwrap(), ListOptions { disposable: &list, suppression: &s });
    check.step(&Lookups::new());
    check.give_up("stopped", "已停止");
    assert!(check.is_done());
    assert_eq!(check.verdicts()[0].status, Status::Doubtful);
}

#[test]
fn domains_at_the_limit_are_looked_up_and_past_it_not_checked() {
    let (list, s) = (disposable(), Suppression::default());
    let text = |n: usize| (0..n).map(|i| format!("a@d{i}.test\n")).collect::<String>();
    let check = ListCheck::new(
        read(text(MAX_LIST_DOMAINS).as_bytes()).unwrap(),
        ListOptions { disposable: &list, suppression: &s },
    );
    assert_eq!((check.domain_count(), check.summary().doubtful), (MAX_LIST_DOMAINS, 0));
    let check = ListCheck::new(
        read(text(MAX_LIST_DOMAINS + 1).as_bytes()).unwrap(),
        ListOptions { disposable: &list, suppression: &s },
    );
    assert_eq!(check.domain_count(), MAX_LIST_DOMAINS);
    assert_eq!(reasons(&check, MAX_LIST_DOMAINS), [Reason::NotChecked]);
}

#[test]
fn a_million_rows_give_a_partial_result_quickly() {
    let text: String = (0..1_000_000).map(|i| format!("{i},user{i}@d{}.test,x\n", i % 1000)).collect();
    let (list, s) = (disposable(), Suppression::default());
    let table = read(text.as_bytes()).unwrap();
    assert!(table.notes.contains(&ReadNote::TooManyRows { read: crate::limits::MAX_LIST_ROWS }));
    let check = ListCheck::new(table, ListOptions { disposable: &list, suppression: &s });
    assert_eq!(check.verdicts().len(), crate::limits::MAX_LIST_ROWS);
    assert_eq!(check.domain_count(), 1000);
}
