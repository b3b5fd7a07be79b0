//! BIMI (draft-brand-indicators-for-message-identification): the record at `default._bimi`,
//! the logo's SVG Tiny-PS basics, the certificate Gmail and Apple ask for, and DMARC at
//! enforcement (catalog row 57). A domain without a BIMI record has nothing to report: BIMI
//! is optional.

use super::dmarc::{self, Discovery, Policy};
use super::{say, Check, Context, Group, Level, Output, Section};
use crate::dns::{Answer, HttpsResponse, Pending, RecordType};
use crate::report::Lang;

/// A BIMI record that will not show a logo.
pub static BIMI_INVALID: Check = Check {
    code: "BIMI-INVALID",
    group: Group::Bimi,
    level: Level::Info,
    title: ["The BIMI logo of {domain} won't display: {detail}.", "{domain} 的 BIMI 品牌标识无法显示：{detail}。"],
    fix: [
        "BIMI needs DMARC at `p=quarantine` or `p=reject`, an HTTPS link to an SVG Tiny-PS logo (square, `baseProfile=\"tiny-ps\"`, a `<title>`, no scripts, at most 32 KB) and, for Gmail and Apple Mail, a VMC or CMC certificate in `a=`.",
        "BIMI 需要 DMARC 设为 `p=quarantine` 或 `p=reject`，`l=` 指向 HTTPS 上的 SVG Tiny-PS 格式标识（正方形、`baseProfile=\"tiny-ps\"`、含 `<title>`、不含脚本、不超过 32 KB）；Gmail 和 Apple 邮件还要求在 `a=` 中提供 VMC 或 CMC 证书。",
    ],
};

/// The BIMI section.
pub static SECTION: Section = Section { groups: &[Group::Bimi], checks: &[&BIMI_INVALID], run };

/// What is wrong with an SVG logo as BIMI's SVG Tiny Portable/Secure profile sees it (the
/// basics a text scan can tell; full profile validation needs the RelaxNG schema).
pub fn svg_problems(body: &[u8], lang: Lang) -> Vec<String> {
    let mut problems = Vec::new();
    if body.len() > crate::limits::MAX_BIMI_SVG_BYTES {
        problems.push(say(
            lang,
            format!("the logo is {} KB, more than 32 KB", body.len() / 1024),
            format!("标识文件 {} KB，超过了 32 KB", body.len() / 1024),
        ));
    }
    let text = String::from_utf8_lossy(body).to_ascii_lowercase();
    let Some(svg_start) = text.find("<svg") else {
        problems.push(say(lang, "the logo is not an SVG file", "标识文件不是 SVG"));
        return problems;
    };
    let root = &text[svg_start..text[svg_start..].find('>').map_or(text.len(), |end| svg_start + end)];
    let compact: String = root.chars().filter(|c| !c.is_whitespace()).collect();
    if !compact.contains("baseprofile=\"tiny-ps\"") && !compact.contains("baseprofile='tiny-ps'") {
        problems.push(say(lang, "the SVG lacks `baseProfile=\"tiny-ps\"`", "SVG 缺少 `baseProfile=\"tiny-ps\"`"));
    }
    if !text.contains("<title") {
        problems.push(say(lang, "the SVG has no `<title>`", "SVG 缺少 `<title>` 元素"));
    }
    if text.contains("<script") {
        problems.push(say(lang, "the SVG contains a script", "SVG 中含有脚本"));
    }
    problems
}

fn run(ctx: &Context, out: &mut Output) -> Result<(), Pending> {
    let lang = ctx.options.lang;
    let domain = ctx.domain.as_str();
    let lookups = ctx.lookups;
    let name = format!("default._bimi.{domain}");
    let answer = lookups.lookup(&name, RecordType::Txt);
    // DMARC comes from the same answers the DMARC section reads; asked in the same round.
    let dmarc = dmarc::discover(lookups, domain);
    let answer = answer?;
    if let Answer::Failed { reason } = answer {
        out.findings.push(BIMI_INVALID.unknown(lang, reason));
        return Ok(());
    }
    let records: Vec<String> =
        answer.txt().into_iter().filter(|t| t.trim_start().to_ascii_lowercase().starts_with("v=bimi1")).collect();
    let record = match records.as_slice() {
        [] => return Ok(()),
        [one] => one,
        _ => {
            let detail = say(
                lang,
                format!("{name} has {} BIMI records", records.len()),
                format!("{name} 下有 {} 条 BIMI 记录", records.len()),
            );
            out.findings.push(BIMI_INVALID.problem(lang, &[("domain", domain), ("detail", &detail)]));
            return Ok(());
        }
    };
    out.fact(Group::Bimi, "record", record.clone());
    let tags = super::tag_list(record);
    let tag = |t: &str| tags.iter().find(|(n, _)| n.eq_ignore_ascii_case(t)).map(|(_, v)| *v);
    let logo = tag("l").unwrap_or_default();
    let certificate = tag("a").unwrap_or_default();
    if logo.is_empty() && certificate.is_empty() {
        // `v=BIMI1; l=; a=;` declines BIMI explicitly: nothing to display, nothing wrong.
        return Ok(());
    }
    let mut details = Vec::new();
    let mut unknown = None;
    if !tags.first().is_some_and(|(n, v)| n.eq_ignore_ascii_case("v") && *v == "BIMI1") {
        details.push(say(lang, "the record must start with `v=BIMI1`", "记录必须以 `v=BIMI1` 开头"));
    }
    if let Some(avp) = tag("avp").filter(|v| !matches!(v.to_ascii_lowercase().as_str(), "brand" | "personal")) {
        details.push(say(
            lang,
            format!("`avp={avp}` must be brand or personal"),
            format!("`avp={avp}` 只能是 brand 或 personal"),
        ));
    }
    if logo.is_empty() {
        details.push(say(lang, "`l=` names no logo", "`l=` 没有指定标识文件"));
    } else if !logo.to_ascii_lowercase().starts_with("https://") {
        details.push(say(lang, format!("the logo `{logo}` is not on HTTPS"), format!("标识 `{logo}` 不是 HTTPS 地址")));
    } else {
        match lookups.https(logo) {
            Ok(HttpsResponse::Answered { status: 200, body, .. }) => details.extend(svg_problems(body, lang)),
            Ok(HttpsResponse::Answered { status, .. }) => details.push(say(
                lang,
                format!("the logo `{logo}` answers HTTP {status}"),
                format!("标识 `{logo}` 返回 HTTP {status}"),
            )),
            Ok(HttpsResponse::Failed { reason }) => unknown = Some(reason.clone()),
            // DMARC's names were asked for above, so they come in the same round as the logo.
            Err(Pending) => return Err(Pending),
        }
    }
    if certificate.is_empty() {
        details.push(say(
            lang,
            "no VMC/CMC certificate (`a=`), without which Gmail and Apple Mail show no logo",
            "没有 VMC/CMC 证书（`a=`），Gmail 和 Apple 邮件不会显示标识",
        ));
    }
    let (old, new, _) = dmarc?;
    let enforced = |d: &Discovery, testing: bool| {
        d.applied(domain).is_some_and(Policy::is_enforced)
            && d.record.as_ref().is_some_and(|r| r.sp != Some(Policy::None))
            && !testing
    };
    let old_testing = old.record.as_ref().is_some_and(|r| r.pct.is_some_and(|p| p < 100));
    let new_testing = new.record.as_ref().is_some_and(|r| r.t == Some(true));
    if let Some(reason) = old.unknown.as_ref().or(new.unknown.as_ref()) {
        unknown.get_or_insert_with(|| reason.clone());
    } else if !enforced(&old, old_testing) || !enforced(&new, new_testing) {
        details.push(say(
            lang,
            "DMARC is not at enforcement (`p=quarantine` or `p=reject`, without `sp=none`, `pct` below 100 or `t=y`)",
            "DMARC 未达到强制执行级别（需要 `p=quarantine` 或 `p=reject`，且不能有 `sp=none`、`pct` 小于 100 或 `t=y`）",
        ));
    }
    // One finding with every reason: they share one fix.
    if !details.is_empty() {
        let detail = details.join(&say(lang, "; ", "；"));
        out.findings.push(BIMI_INVALID.problem(lang, &[("domain", domain), ("detail", &detail)]));
    } else if let Some(reason) = unknown {
        out.findings.push(BIMI_INVALID.unknown(lang, &reason));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tiny_ps_logo_passes_and_a_plain_svg_does_not() {
        let good = br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny-ps" viewBox="0 0 100 100"><title>Example</title><rect width="100" height="100"/></svg>"#;
        assert!(svg_problems(good, Lang::En).is_empty());
        let plain = br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
        assert_eq!(svg_problems(plain, Lang::En).len(), 3);
        assert_eq!(svg_problems(&vec![b' '; 40_000], Lang::En).len(), 2, "too big, and no SVG at all");
    }
}
