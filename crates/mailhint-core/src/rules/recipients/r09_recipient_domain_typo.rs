//! R09 `recipient-domain-typo`: a recipient's domain is a near miss of a major mailbox provider
//! (`gmial.com`, `hotmail.con`, `163.cm`), so the message goes nowhere, or to a typo-squatter.

use std::collections::HashSet;

use super::address;
use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// R09.
pub(crate) static RULE: Rule = Rule {
    code: "R09",
    name: "recipient-domain-typo",
    category: Category::Recipients,
    severity: Severity::High,
    cap: None,
    summary: L10n {
        en: "A recipient's domain looks like a typo of a common mailbox provider",
        zh: "收件人的邮箱域名疑似常见邮箱服务商的拼写错误",
    },
    fix: L10n {
        en:
            "Correct the domain (the message suggests the likely one), or copy the address from the buyer's last email.",
        zh: "请改正域名（提示中给出了最可能的正确写法），或直接从对方来信中复制地址。",
    },
    doc: doc! {
        en: r#"## What it does
Compares the domain of every To, Cc, Bcc and Reply-To address with a list of major mailbox
providers (gmail.com, googlemail.com, outlook.com, hotmail.com, live.com, msn.com, yahoo.com,
icloud.com, me.com, aol.com, proton.me, protonmail.com, gmx.de, gmx.net, web.de, mail.ru,
yandex.ru, qq.com, foxmail.com, 163.com, 126.com, yeah.net, sina.com, sohu.com, aliyun.com,
139.com, naver.com, hanmail.net…) and flags a near miss (2.0 points per address), with the
likely correction: "did you mean gmail.com?". A near miss is:

- the name one edit away (Damerau–Levenshtein: a letter left out, added, doubled, swapped with
  its neighbour or mistyped), or two edits for names of eight letters or more (`googlemial`),
  with the ending right: `gmial.com`, `hotmial.com`, `yaho.com`, `foxmial.com`. Names under five
  characters (qq, 163, me, aol, web, live, sina…) are only checked for their ending, because
  their one-edit neighbours are mostly real domains;
- the name right and the ending mistyped: an ending that is no top-level domain at all
  (`gmail.con`, `outlook.cmo`, `qq.con`, `yahoo.comm`), a generic ending one letter off
  (`gmail.cam`), or one of the well-known typo endings `.co`, `.cm` and `.om` for a `.com`
  provider and `.ne` for a `.net` one (`hotmail.co`, `163.cm`, `126.co`).

To stay clear of real domains it never flags a listed provider itself, a change of the first
letter (`ymail.com`, `email.com`, `mail.com` are real), a different real country ending
(`live.co.uk`, `hotmail.fr`, `gmx.at`, `yahoo.co.jp`), or company domains that are not one edit
from a provider.

## Why it matters
A typo in the domain either bounces (a hard bounce that counts against the sender's reputation)
or, worse, is delivered: typo domains such as `gmial.com` and `.cm` lookalikes are registered
by squatters to collect misaddressed mail, so a quotation with prices goes to a stranger.

## Example
To `maria.rossi@gmial.com` fires ("did you mean gmail.com?"), as do `buyer@hotmail.co` and
`wang@163.cm`; `maria.rossi@gmail.com`, `tom@live.co.uk` and `anna@mail.com` do not.

## How to fix
Correct the domain, or copy the address from the buyer's last email or business card.

## References
- Damerau–Levenshtein (optimal string alignment) distance, as used by address-typo checkers
  such as Mailcheck
- RFC 5321 (undeliverable addresses bounce); Gmail and Yahoo sender guidelines on bounce and
  list hygiene
"#,
        zh: r#"## 检查什么
把收件人（To）、抄送（Cc）、密送（Bcc）和回复地址（Reply-To）中每个地址的域名，与主流邮箱服务商列表（gmail.com、googlemail.com、outlook.com、hotmail.com、live.com、msn.com、yahoo.com、icloud.com、me.com、aol.com、proton.me、protonmail.com、gmx.de、gmx.net、web.de、mail.ru、yandex.ru、qq.com、foxmail.com、163.com、126.com、yeah.net、sina.com、sohu.com、aliyun.com、139.com、naver.com、hanmail.net 等）比较，发现"差一点就对"的域名时报告（每个地址 2.0 分），并给出最可能的正确写法："是不是想写 gmail.com？"。判断标准：

- 后缀正确，名称相差一处编辑（Damerau–Levenshtein 距离：漏一个字母、多一个字母、重复字母、相邻字母颠倒或打错一个字母），八个字母及以上的名称允许相差两处（如 `googlemial`）：`gmial.com`、`hotmial.com`、`yaho.com`、`foxmial.com`。少于五个字符的名称（qq、163、me、aol、web、live、sina 等）只检查后缀，因为它们"差一个字母"的写法大多是真实存在的域名；
- 名称正确，后缀打错：后缀根本不是顶级域名（`gmail.con`、`outlook.cmo`、`qq.con`、`yahoo.comm`），或是只差一个字母的通用后缀（`gmail.cam`），或者是常见的错误后缀：`.com` 服务商写成 `.co`、`.cm`、`.om`，`.net` 服务商写成 `.ne`（`hotmail.co`、`163.cm`、`126.co`）。

为避免误报真实域名：列表中的服务商域名本身不报；首字母不同的不报（`ymail.com`、`email.com`、`mail.com` 都是真实邮箱）；换成另一个真实国家后缀的不报（`live.co.uk`、`hotmail.fr`、`gmx.at`、`yahoo.co.jp`）；与服务商相差不止一处的公司域名也不报。

## 为什么重要
域名拼错，邮件要么被退回（硬退信会拉低发件人信誉），要么更糟——真的被投递了：`gmial.com` 这类错拼域名和 `.cm` 仿冒域名常被人抢注，专门接收发错的邮件，你带价格的报价单就落到了陌生人手里。

## 示例
收件人 `maria.rossi@gmial.com` 会触发（"是不是想写 gmail.com？"），`buyer@hotmail.co`、`wang@163.cm` 也会；`maria.rossi@gmail.com`、`tom@live.co.uk`、`anna@mail.com` 不会。

## 如何修改
改正域名，或直接从买家上一封来信、名片中复制地址。

## 参考
- Damerau–Levenshtein（最优字符串对齐）编辑距离，Mailcheck 等地址纠错工具采用的方法
- RFC 5321（无法投递的地址会退信）；Gmail 和 Yahoo 发件人指南中关于退信和名单清洁的要求
"#,
    },
    check,
};

/// Major mailbox providers whose misspellings are worth catching.
const PROVIDERS: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "live.com",
    "msn.com",
    "yahoo.com",
    "icloud.com",
    "me.com",
    "aol.com",
    "proton.me",
    "protonmail.com",
    "gmx.de",
    "gmx.net",
    "web.de",
    "mail.ru",
    "yandex.ru",
    "qq.com",
    "foxmail.com",
    "163.com",
    "126.com",
    "yeah.net",
    "sina.com",
    "sohu.com",
    "aliyun.com",
    "139.com",
    "naver.com",
    "hanmail.net",
    "daum.net",
    "rediffmail.com",
    "zoho.com",
    "yahoo.co.jp",
    "hotmail.co.uk",
    "btinternet.com",
    "comcast.net",
    "orange.fr",
    "libero.it",
    "seznam.cz",
    "rambler.ru",
    "tutanota.com",
];

/// Real domains close to a provider that must never be "corrected".
const REAL_NEIGHBOURS: &[&str] = &[
    "ymail.com",
    "email.com",
    "mail.com",
    "gmx.com",
    "gmx.at",
    "gmx.ch",
    "gmx.fr",
    "gmx.es",
    "gmx.us",
    "mac.com",
    "pm.me",
    "protonmail.ch",
    "yandex.com",
    "sina.cn",
    "163.net",
    "126.net",
    "vip.163.com",
    "vip.126.com",
    "vip.qq.com",
    "zohomail.com",
    "outlook.de",
    "outlook.fr",
    "outlook.es",
    "outlook.it",
    "outlook.jp",
    "hotmail.fr",
    "hotmail.de",
    "hotmail.it",
    "hotmail.es",
    "live.co.uk",
    "live.fr",
    "live.cn",
    "yahoo.co.uk",
    "yahoo.fr",
    "yahoo.de",
    "yahoo.es",
    "yahoo.it",
    "yahoo.cn",
    "aol.de",
    "aol.fr",
    "web.com",
    "naver.net",
];

/// Provider names shorter than this are only checked for their ending.
const MIN_NAME_FOR_EDITS: usize = 5;
/// Provider names this long or longer allow two edits.
const LONG_NAME: usize = 8;

fn check(a: &Analysis, out: &mut Hits) {
    let d = a.draft;
    let mut seen: HashSet<String> = HashSet::new();
    for (field, m) in
        d.to.iter()
            .map(|m| ("To", m))
            .chain(d.cc.iter().map(|m| ("Cc", m)))
            .chain(d.bcc.iter().map(|m| ("Bcc", m)))
            .chain(d.reply_to.iter().map(|m| ("Reply-To", m)))
    {
        // Malformed addresses are R08's; only well-formed ones can be near misses here.
        if address::syntax_problem(&m.address, m.name.is_some()).is_some() || !m.address.contains('@') {
            continue;
        }
        // One hit per distinct address: each one bounces (or goes astray) on its own.
        if !seen.insert(m.address.trim().to_lowercase()) {
            continue;
        }
        if seen.len() > 1_000 {
            return;
        }
        let domain = m.domain();
        if let Some(fix) = likely_correction(&domain) {
            let shown = crate::rules::shorten(&m.address, 80);
            let part = if field == "Reply-To" { Part::Sender } else { Part::Recipients };
            out.add(2.0, part).say(
                format!("{field} address {shown}: \"{domain}\" looks like a typo. Did you mean {fix}?"),
                format!("{field} 地址 {shown} 中的「{domain}」疑似拼写错误，是不是想写 {fix}？"),
            );
        }
    }
}

/// The provider `domain` is probably a misspelling of, if any.
pub(crate) fn likely_correction(domain: &str) -> Option<&'static str> {
    let domain = domain.trim();
    if !domain.is_ascii() || domain.len() > 64 || PROVIDERS.contains(&domain) || REAL_NEIGHBOURS.contains(&domain) {
        return None;
    }
    let (name, ending) = domain.split_once('.')?;
    PROVIDERS.iter().copied().find(|provider| {
        let Some((p_name, p_ending)) = provider.split_once('.') else { return false };
        let name_ok = name == p_name || name_near(name, p_name);
        let ending_ok = ending == p_ending || ending_typo(ending, p_ending);
        name_ok && ending_ok && !(name == p_name && ending == p_ending)
    })
}

/// Whether `name` is a plausible misspelling of the provider name `intended`: within one edit
/// (two for long names) and with the first letter kept, since a different first letter is
/// rarely a typo and often a real domain (`ymail`, `email`, `mail` next to `gmail`).
fn name_near(name: &str, intended: &str) -> bool {
    if intended.len() < MIN_NAME_FOR_EDITS || name.is_empty() {
        return false;
    }
    let (n, i) = (name.as_bytes(), intended.as_bytes());
    let swapped_start = n.len() >= 2 && i.len() >= 2 && n[0] == i[1] && n[1] == i[0];
    if n[0] != i[0] && !swapped_start {
        return false;
    }
    let max = if intended.len() >= LONG_NAME { 2 } else { 1 };
    osa_distance(n, i) <= max
}

/// Whether `ending` is a mistyped `intended` ending: one edit away and either no top-level
/// domain at all (`con`, `cmo`, `comm`) or one of the endings that typos are known to land on
/// (`.co`, `.cm`, `.om` for `.com`; `.ne` for `.net`). A real ending other than those (`co.uk`,
/// `fr`, `at`) is a different, genuine domain.
fn ending_typo(ending: &str, intended: &str) -> bool {
    if osa_distance(ending.as_bytes(), intended.as_bytes()) != 1 {
        return false;
    }
    // Two-letter endings are countries where providers have real domains (`gmx.at`), so only
    // the ones typos are known to hit count; a longer generic ending next to `.com` or `.net`
    // (`.cam`, `.nat`) is never a provider's real domain.
    let known_typo = matches!((intended, ending), ("com", "co" | "cm" | "om") | ("net", "ne"))
        || (ending.len() >= 3 && matches!(intended, "com" | "net"));
    let probe = format!("x.{ending}");
    let is_real_tld = crate::suffix::suffix(&probe).is_some_and(|s| s.is_known());
    known_typo || !is_real_tld
}

/// The optimal-string-alignment distance (Damerau–Levenshtein with adjacent transpositions),
/// on short ASCII strings (domains are capped at 64 bytes before this is called).
fn osa_distance(a: &[u8], b: &[u8]) -> usize {
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > 2 {
        return 3;
    }
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[n][m]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_are_corrected() {
        for (typo, fix) in [
            ("gmial.com", "gmail.com"),
            ("hotmial.com", "hotmail.com"),
            ("gmail.con", "gmail.com"),
            ("outlook.con", "outlook.com"),
            ("yaho.com", "yahoo.com"),
            ("163.cm", "163.com"),
            ("126.co", "126.com"),
            ("qq.co", "qq.com"),
            ("qq.con", "qq.com"),
            ("foxmial.com", "foxmail.com"),
            ("hotmail.co", "hotmail.com"),
            ("googlemial.com", "googlemail.com"),
            ("gmx.ne", "gmx.net"),
            ("gmail.cam", "gmail.com"),
        ] {
            assert_eq!(likely_correction(typo), Some(fix), "{typo}");
        }
    }

    #[test]
    fn real_domains_are_left_alone() {
        for d in [
            "gmail.com",
            "live.co.uk",
            "mail.com",
            "ymail.com",
            "email.com",
            "hotmail.co.uk",
            "hotmail.fr",
            "gmx.at",
            "yahoo.co.jp",
            "sino.com",
            "soho.com",
            "acme.com",
            "x-lighting.com",
            "qq.cn",
            "163.net",
            "cloud.com",
            "olive.com",
            "wahoo.com",
            "live.com",
            "yandex.com",
            "gmx.es",
            "sina.cn",
        ] {
            assert_eq!(likely_correction(d), None, "{d}");
        }
    }
}
