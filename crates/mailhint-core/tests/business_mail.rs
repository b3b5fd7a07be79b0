//! Ordinary business mail must pass: trade vocabulary is never flagged on its own, and a clean,
//! well-written business email grades 9.0 or better, in English and in Chinese, as plain text or
//! HTML, new or reply.

use mailhint_core::{check_bytes, Options, Report};

fn lint(json: serde_json::Value) -> Report {
    check_bytes(json.to_string().as_bytes(), &Options::default()).unwrap()
}

fn assert_clean(name: &str, report: &Report) {
    let listed: Vec<String> =
        report.findings.iter().map(|f| format!("{} {} {}", f.code, f.points, f.message)).collect();
    assert!(report.grade >= 9.0, "{name}: grade {} with\n{}", report.grade, listed.join("\n"));
}

const SIGNATURE: &str = "Best regards,\nLily Chen\nSales Manager, X Lighting Co., Ltd.\nNo. 8 Keji Road, Yinzhou District, Ningbo 315000, China\nTel +86 574 8888 0000 | www.x-lighting.com";

#[test]
fn trade_vocabulary_alone_is_never_flagged() {
    let text = format!(
        "Hi Maria,\n\nthank you for your inquiry. Please find our quotation below: FOB Ningbo USD 18.50/pc, CIF Genoa \
         USD 19.80/pc, EXW also possible. MOQ 200 pcs per model, OEM and ODM welcome, lead time 25 days after the \
         deposit. Payment terms: 30% T/T in advance, 70% against the copy of B/L, or L/C at sight. I will send the PI \
         (proforma invoice) and a sample once you confirm the order. The price list and the catalogue are on our \
         site; CE, RoHS and ISO 9001 certificates are available.\n\n{SIGNATURE}"
    );
    let report = lint(serde_json::json!({
        "subject": "Quotation for IP65 LED high-bays, FOB Ningbo",
        "from": "Lily Chen <lily@x-lighting.com>",
        "to": ["Maria Rossi <maria@acme-lighting.it>"],
        "text": text,
    }));
    assert_clean("trade vocabulary", &report);
}

#[test]
fn a_clean_html_first_contact_grades_nine_or_better() {
    let html = "<p>Hi Maria,</p><p>I saw Acme's new warehouse lighting range at Light + Building. We make IP65 LED \
                high-bays (CE/RoHS) for EU distributors; lead time 25 days, MOQ 200. Would a spec sheet and a sample \
                quotation be useful?</p><p>Best regards,<br>Lily Chen<br>Sales Manager, X Lighting Co., Ltd.<br>\
                No. 8 Keji Road, Ningbo 315000, China<br>+86 574 8888 0000 · \
                <a href=\"https://www.x-lighting.com\">x-lighting.com</a></p>";
    let report = lint(serde_json::json!({
        "subject": "IP65 high-bays for Acme's warehouse range",
        "from": "Lily Chen <lily@x-lighting.com>",
        "to": ["Maria Rossi <maria@acme-lighting.it>"],
        "html": html,
    }));
    assert_clean("html first contact", &report);
}

#[test]
fn a_reply_with_an_attachment_grades_nine_or_better() {
    let text = format!(
        "Hi Maria,\n\nthanks for the order. The proforma invoice PI-2026-118 is attached: 400 pcs, FOB Ningbo, \
         shipment by 15 January. Please check the consignee details before you pay the deposit.\n\n{SIGNATURE}\n\n\
         > Hi Lily, please send the PI for 400 pcs.\n> Maria"
    );
    let report = lint(serde_json::json!({
        "subject": "Re: Order for 400 high-bays",
        "from": "Lily Chen <lily@x-lighting.com>",
        "to": ["Maria Rossi <maria@acme-lighting.it>"],
        "kind": "reply",
        "text": text,
        "attachments": [{"name": "PI-2026-118.pdf", "size": 184000, "type": "application/pdf"}],
    }));
    assert_clean("reply with PI", &report);
}

#[test]
fn a_clean_chinese_business_email_grades_nine_or_better() {
    let text =
        "王经理您好：\n\n感谢您昨天的询价。附件是 LED 工矿灯的报价单，FOB 宁波每只 18.5 美元，最小起订量 200 只，\
                交期为收到定金后 25 天。如需样品，我们可以在一周内寄出。\n\n如有任何问题，欢迎随时联系我。\n\n\
                陈丽\n销售经理\n宁波某某照明有限公司\n浙江省宁波市鄞州区科技路8号\n电话：+86 574 8888 0000";
    let report = lint(serde_json::json!({
        "subject": "LED 工矿灯报价",
        "from": "陈丽 <lily@x-lighting.com>",
        "to": ["王经理 <wang@buyer-co.cn>"],
        "text": text,
        "attachments": [{"name": "报价单-2026-11.pdf", "size": 120000, "type": "application/pdf"}],
    }));
    assert_clean("chinese", &report);
}
