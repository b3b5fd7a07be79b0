//! Properties of the ramp, the notes, the provenance of every number, and the limits.

use super::*;

fn start() -> Date {
    Date::parse("2026-12-01").unwrap()
}

fn mix(weights: &[(Provider, f64)]) -> Option<Mix> {
    Some(Mix::from_weights(weights).unwrap())
}

/// A list as exporters often have it: mostly Gmail and Chinese providers.
fn typical_mix() -> Option<Mix> {
    mix(&[
        (Provider::Gmail, 40.0),
        (Provider::Outlook, 20.0),
        (Provider::Yahoo, 5.0),
        (Provider::Qq, 15.0),
        (Provider::Netease, 10.0),
        (Provider::Other, 10.0),
    ])
}

fn inputs() -> Vec<PlanInput> {
    let mut all = Vec::new();
    for volume in [1, 49, 50, 333, 4_999, 5_000, 12_345, 100_000, 2_500_000, MAX_WARMUP_VOLUME] {
        for (new_domain, new_ip) in [(true, true), (true, false), (false, true), (false, false)] {
            for mix in [
                None,
                typical_mix(),
                mix(&[(Provider::Outlook, 1.0)]),
                mix(&[(Provider::Gmail, 99.0), (Provider::Qq, 1.0)]),
            ] {
                all.push(PlanInput { volume, start: start(), new_domain, new_ip, mix });
            }
        }
    }
    all
}

#[test]
fn every_ramp_climbs_without_dips_and_ends_on_the_first_day_at_the_target() {
    for input in inputs() {
        let plan = plan(&input, Lang::En).unwrap();
        let totals: Vec<u64> = plan.days.iter().map(|d| d.total).collect();
        assert!(totals.windows(2).all(|w| w[0] <= w[1]), "{input:?}: {totals:?}");
        assert_eq!(*totals.last().unwrap(), input.volume, "{input:?}");
        assert!(totals[..totals.len() - 1].iter().all(|&t| t < input.volume), "{input:?}: {totals:?}");
        assert!(plan.days.len() as u32 <= MAX_WARMUP_DAYS);
        for (i, day) in plan.days.iter().enumerate() {
            assert_eq!(day.day as usize, i + 1);
            assert_eq!(day.caps.len(), plan.providers.len());
            assert_eq!(day.date, start().plus_days(i as u32).to_string());
        }
    }
}

#[test]
fn provider_caps_add_up_to_the_total_and_never_pass_the_providers_share() {
    for input in inputs().into_iter().filter(|i| i.mix.is_some()) {
        let plan = plan(&input, Lang::En).unwrap();
        assert_eq!(plan.providers.iter().map(|p| p.target).sum::<u64>(), input.volume, "{input:?}");
        for day in &plan.days {
            assert_eq!(day.caps.len(), plan.providers.len());
            assert_eq!(day.caps.iter().sum::<u64>(), day.total, "{input:?} day {}", day.day);
            for (cap, provider) in day.caps.iter().zip(&plan.providers) {
                assert!(*cap <= provider.target, "{input:?} day {}: {} over {}", day.day, cap, provider.id);
            }
        }
        for (i, provider) in plan.providers.iter().enumerate() {
            let caps: Vec<u64> = plan.days.iter().map(|d| d.caps[i]).collect();
            assert!(caps.windows(2).all(|w| w[0] <= w[1]), "{input:?} {}: {caps:?}", provider.id);
            assert_eq!(*caps.last().unwrap(), provider.target);
            // Each share is the list's share of the target, give or take the rounding of one.
            assert!((provider.target as f64 - provider.share * input.volume as f64).abs() <= 1.0);
        }
    }
}

#[test]
fn slower_providers_reach_their_share_later() {
    let input = PlanInput { mix: typical_mix(), ..PlanInput::new(200_000, start(), true, true) };
    let plan = plan(&input, Lang::En).unwrap();
    let day_at_target = |id: &str| {
        let i = plan.providers.iter().position(|p| p.id == id).unwrap();
        plan.days.iter().position(|d| d.caps[i] == plan.providers[i].target).unwrap()
    };
    assert!(day_at_target("outlook") > day_at_target("gmail"));
    assert!(day_at_target("qq") > day_at_target("yahoo"));
    assert_eq!(plan.providers.iter().find(|p| p.id == "qq").unwrap().pace, "pace-slower");
}

#[test]
fn less_history_means_a_slower_ramp() {
    for volume in [2_000, 50_000, 1_000_000] {
        let days =
            |new_domain, new_ip| plan(&PlanInput::new(volume, start(), new_domain, new_ip), Lang::En).unwrap().days;
        let (both, ip, domain, neither) = (days(true, true), days(false, true), days(true, false), days(false, false));
        assert!(
            both.len() > ip.len() && ip.len() > neither.len(),
            "{volume}: {} {} {}",
            both.len(),
            ip.len(),
            neither.len()
        );
        assert_eq!(ip.len(), domain.len());
        // Day by day, the newer sender never sends more.
        for (a, b) in ip.iter().zip(&neither) {
            assert!(a.total <= b.total);
        }
        for (a, b) in both.iter().zip(&ip) {
            assert!(a.total <= b.total);
        }
    }
}

fn days_with(plan: &Plan, note: &str) -> Vec<u32> {
    plan.days.iter().filter(|d| d.notes.iter().any(|n| n.id == note)).map(|d| d.day).collect()
}

#[test]
fn the_bulk_sender_notes_fall_on_the_day_the_line_is_crossed() {
    for input in inputs() {
        let plan = plan(&input, Lang::En).unwrap();
        match &input.mix {
            None => {
                let expected: Vec<u32> = plan
                    .days
                    .iter()
                    .filter(|d| d.total >= 5_000 && (d.day == 1 || plan.days[d.day as usize - 2].total < 5_000))
                    .map(|d| d.day)
                    .collect();
                assert_eq!(days_with(&plan, "bulk-line"), expected, "{input:?}");
                assert_eq!(expected.len(), usize::from(input.volume >= 5_000));
                assert!(days_with(&plan, "gmail-bulk-line").is_empty());
            }
            Some(_) => {
                assert!(days_with(&plan, "bulk-line").is_empty());
                for (id, note, crosses) in [
                    ("gmail", "gmail-bulk-line", (|v: u64| v >= 5_000) as fn(u64) -> bool),
                    ("outlook", "outlook-bulk-line", |v: u64| v > 5_000),
                ] {
                    let Some(i) = plan.providers.iter().position(|p| p.id == id) else {
                        assert!(days_with(&plan, note).is_empty());
                        continue;
                    };
                    let expected: Vec<u32> = plan
                        .days
                        .iter()
                        .filter(|d| {
                            crosses(d.caps[i]) && (d.day == 1 || !crosses(plan.days[d.day as usize - 2].caps[i]))
                        })
                        .map(|d| d.day)
                        .collect();
                    assert_eq!(days_with(&plan, note), expected, "{input:?} {id}");
                    assert_eq!(expected.len(), usize::from(crosses(plan.providers[i].target)), "{input:?} {id}");
                }
            }
        }
    }
}

#[test]
fn the_first_and_last_days_say_how_to_start_and_to_hold() {
    let plan = plan(&PlanInput::new(20_000, start(), true, true), Lang::ZhCn).unwrap();
    assert_eq!(days_with(&plan, "first-day"), vec![1]);
    assert_eq!(days_with(&plan, "target-reached"), vec![plan.days.len() as u32]);
    assert!(plan.days[0].notes[0].text.contains("互动"));
    // A short ramp on a new IP is told to stay steady until day 14 (SES).
    let short = super::plan(&PlanInput::new(300, start(), false, true), Lang::En).unwrap();
    assert!(short.days.len() < 14);
    assert_eq!(days_with(&short, "short-ramp"), vec![short.days.len() as u32]);
    let established = super::plan(&PlanInput::new(300, start(), false, false), Lang::En).unwrap();
    assert!(days_with(&established, "short-ramp").is_empty());
}

#[test]
fn one_plan_in_figures() {
    // The derivation spelt out once: a new domain on a new IP starts at 50 and grows 1.35× a day,
    // rounded to two significant digits.
    let plan = plan(&PlanInput::new(20_000, start(), true, true), Lang::En).unwrap();
    let totals: Vec<u64> = plan.days.iter().map(|d| d.total).collect();
    assert_eq!(&totals[..6], &[50, 68, 91, 120, 170, 220]);
    assert_eq!(totals.len(), 21);
    assert_eq!(plan.days[0].date, "2026-12-01");
    assert_eq!(plan.days[20].date, "2026-12-21");
    assert_eq!(days_with(&plan, "bulk-line"), vec![17]);
    assert_eq!(&totals[15..], &[4_500, 6_100, 8_200, 11_000, 15_000, 20_000]);
}

#[test]
fn bad_input_is_a_clear_error() {
    assert_eq!(plan(&PlanInput::new(0, start(), true, true), Lang::En).unwrap_err(), PlanError::ZeroVolume);
    assert!(plan(&PlanInput::new(MAX_WARMUP_VOLUME, start(), true, true), Lang::En).is_ok());
    let past = plan(&PlanInput::new(MAX_WARMUP_VOLUME + 1, start(), true, true), Lang::En).unwrap_err();
    assert_eq!(past, PlanError::VolumeTooLarge { volume: MAX_WARMUP_VOLUME + 1 });
    let absurd = plan(&PlanInput::new(1_000_000_000_000, start(), false, false), Lang::En).unwrap_err();
    assert!(absurd.to_string().contains("1000000000000 messages a day is more than"), "{absurd}");
    assert!(absurd.message(Lang::ZhCn).contains("超过了预热计划支持的上限"));
    assert!(PlanError::ZeroVolume.message(Lang::ZhCn).contains("至少"));
    let u64_max = plan(&PlanInput::new(u64::MAX, start(), true, false), Lang::En).unwrap_err();
    assert_eq!(u64_max, PlanError::VolumeTooLarge { volume: u64::MAX });
}

#[test]
fn a_hosts_number_is_a_volume_only_when_whole() {
    assert_eq!(volume_from_number(20_000.0), Ok(20_000));
    assert_eq!(volume_from_number(0.0), Ok(0));
    assert_eq!(volume_from_number(1e300), Ok(u64::MAX));
    for bad in [f64::NAN, f64::INFINITY, -1.0, 2.5, -0.5] {
        assert_eq!(volume_from_number(bad), Err(PlanError::NotAWholeNumber), "{bad}");
    }
    assert!(PlanError::NotAWholeNumber.message(Lang::ZhCn).contains("整数"));
}

#[test]
fn the_largest_plan_at_the_slowest_pace_fits_in_the_day_limit() {
    let slowest =
        PlanInput { mix: mix(&[(Provider::Netease, 1.0)]), ..PlanInput::new(MAX_WARMUP_VOLUME, start(), true, true) };
    let plan = plan(&slowest, Lang::En).unwrap();
    assert!(plan.days.len() as u32 <= MAX_WARMUP_DAYS, "{}", plan.days.len());
    // The last date of the latest start still prints as a four-digit year.
    let late = PlanInput { start: Date::parse("9000-12-31").unwrap(), ..slowest };
    assert!(super::plan(&late, Lang::En).unwrap().days.last().unwrap().date.starts_with("9001-"));
}

fn leak(figure: Figure) -> &'static Figure {
    Box::leak(Box::new(figure))
}

#[test]
fn a_ramp_of_exactly_the_day_limit_is_planned_and_one_day_more_is_refused() {
    let why = L10n { en: "test", zh: "测试" };
    let figure = |id, value| {
        leak(Figure { id, value, unit: Unit::Factor, what: why, provenance: Provenance::Convention { why } })
    };
    let pace = Pace { start: figure("start", 1.0), growth: figure("growth", 1.05) };
    let days_for = |volume| match plan_with(&PlanInput::new(volume, start(), true, true), pace, Lang::En) {
        Ok(plan) => plan.days.len() as u32,
        Err(PlanError::TooLong { days }) => days,
        Err(e) => panic!("{e}"),
    };
    // The smallest volume that needs one day more than the limit, and the one below it.
    let past = (1..MAX_WARMUP_VOLUME).find(|&v| days_for(v) > MAX_WARMUP_DAYS).unwrap();
    let at = plan_with(&PlanInput::new(past - 1, start(), true, true), pace, Lang::En).unwrap();
    assert_eq!(at.days.len() as u32, MAX_WARMUP_DAYS);
    assert_eq!(at.days.last().unwrap().total, past - 1);
    let refused = plan_with(&PlanInput::new(past, start(), true, true), pace, Lang::En).unwrap_err();
    assert_eq!(refused, PlanError::TooLong { days: MAX_WARMUP_DAYS + 1 });
    // A pace that never grows is refused at once, not walked day by day.
    let flat = Pace { start: figure("start", 10.0), growth: figure("growth", 1.0) };
    assert!(matches!(
        plan_with(&PlanInput::new(11, start(), true, true), flat, Lang::En),
        Err(PlanError::TooLong { days: u32::MAX })
    ));
}

#[test]
fn every_number_says_where_it_comes_from() {
    let mut ids = std::collections::HashSet::new();
    for s in SOURCES {
        assert!(ids.insert(s.id), "duplicate source {}", s.id);
        assert!(s.url.starts_with("https://") || s.url.starts_with("http://"), "{}", s.url);
        assert!(!s.states.en.is_empty() && !s.states.zh.is_empty());
    }
    let plan =
        plan(&PlanInput { mix: typical_mix(), ..PlanInput::new(50_000, start(), true, true) }, Lang::ZhCn).unwrap();
    for figure in &plan.figures {
        match figure.provenance {
            "published" => assert!(source(figure.source.unwrap()).is_some(), "{}", figure.id),
            "convention" => assert!(!figure.why.unwrap().is_empty(), "{}", figure.id),
            other => panic!("{other}"),
        }
    }
    // What the issue names as published is published; the ramp itself is a convention.
    let provenance = |id: &str| plan.figures.iter().find(|f| f.id == id).unwrap().provenance;
    for id in ["gmail-bulk-line", "outlook-bulk-line", "spam-rate-target", "spam-rate-max", "yahoo-spam-rate-max"] {
        assert_eq!(provenance(id), "published", "{id}");
    }
    for id in ["start-new-domain-new-ip", "growth-new-domain-new-ip", "pace-slower", "bounce-hold"] {
        assert_eq!(provenance(id), "convention", "{id}");
    }
    for c in &plan.checkpoints {
        if let Some(source) = c.source {
            assert!(super::source(source).is_some());
        }
    }
    for note in NOTES {
        assert!(note.source.is_none_or(|s| source(s).is_some()), "{}", note.id);
        assert!(!note.words.en.is_empty() && !note.words.zh.is_empty());
    }
    // Providers that publish no bulk-sender number have none in the plan.
    for p in &plan.providers {
        assert_eq!(p.bulk_line.is_some(), matches!(p.id, "gmail" | "outlook"), "{}", p.id);
    }
}

#[test]
fn csv_has_a_header_a_row_a_day_and_quotes_what_needs_it() {
    let input = PlanInput { mix: typical_mix(), ..PlanInput::new(20_000, start(), true, false) };
    let plan = plan(&input, Lang::En).unwrap();
    let csv = plan.to_csv();
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), plan.days.len() + 1);
    assert_eq!(lines[0], "day,date,total,Gmail,Outlook.com,Yahoo,QQ Mail,NetEase (163/126),Other,notes");
    assert!(lines[1].starts_with("1,2026-12-01,100,"), "{}", lines[1]);
    // Notes hold commas: the field is quoted.
    assert!(lines[1].ends_with("\"Start with the recipients who engaged most recently (opened, clicked or replied); add older and less engaged ones only in later days.\""));
    assert!(lines.last().unwrap().contains(",20000,"));
    let zh = super::plan(&input, Lang::ZhCn).unwrap().to_csv();
    let without_mix = super::plan(&PlanInput::new(300, start(), true, true), Lang::En).unwrap().to_csv();
    assert!(without_mix.starts_with("day,date,total,notes\r\n1,2026-12-01,50,\""), "{without_mix}");
    assert!(zh.starts_with("天,日期,总量,Gmail,Outlook.com,Yahoo,QQ 邮箱,网易（163/126）,其他,说明\r\n"));
    let mut quoted = String::new();
    push_csv_row(&mut quoted, &["a\"b".into(), "c\nd".into(), "plain".into()]);
    assert_eq!(quoted, "\"a\"\"b\",\"c\nd\",plain\r\n");
}

#[test]
fn readable_numbers_round_to_two_significant_digits_and_stay_monotone() {
    assert_eq!(
        [readable(50.0), readable(67.5), readable(99.6), readable(121.5), readable(1_234.0)],
        [50, 68, 100, 120, 1_200]
    );
    assert_eq!(readable(f64::INFINITY), u64::MAX);
    assert_eq!(readable(f64::NAN), 0);
    let mut last = 0;
    let mut x = 0.5;
    while x < 1e12 {
        let r = readable(x);
        assert!(r >= last, "{x}");
        last = r;
        x *= 1.013;
    }
}
