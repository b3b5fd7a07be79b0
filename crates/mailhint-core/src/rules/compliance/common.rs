//! Helpers shared by the compliance rules (C01–C05): whether a draft is commercial mail the
//! laws apply to, and where the sender's identity, contacts and address are.
//!
//! CAN-SPAM, CASL, the ePrivacy Directive and UWG apply to commercial messages, not to a reply
//! about an order. The rules therefore first ask why a draft counts as commercial: it is bulk
//! (campaign mode, five recipients or more, list headers), it is a new message full of
//! promotional wording, or it is a new message pitching products to the reader.

use std::ops::Range;

use crate::analysis::Analysis;
use crate::report::Mode;

pub(super) use crate::rules::{ceil_boundary, floor_boundary};

/// Why a draft counts as commercial mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Commercial {
    /// The author chose campaign mode.
    Campaign,
    /// It goes to this many recipients (five or more).
    Recipients(usize),
    /// It carries `List-Unsubscribe` or `Precedence: bulk`.
    ListHeaders,
    /// A new message with this many distinct promotional phrases (two or more).
    Promotional(usize),
    /// A new message that introduces the sender's products or company.
    Pitch,
}

impl Commercial {
    /// Why, in English and Chinese, for hit messages.
    pub(super) fn why(self) -> (String, String) {
        match self {
            Commercial::Campaign => ("it is sent in campaign mode".into(), "以群发（营销）模式发送".into()),
            Commercial::Recipients(n) => (format!("it goes to {n} recipients"), format!("收件人有 {n} 位")),
            Commercial::ListHeaders => ("it carries mailing-list headers".into(), "带有邮件列表头".into()),
            Commercial::Promotional(n) => {
                (format!("it uses {n} promotional phrases"), format!("使用了 {n} 个促销用语"))
            }
            Commercial::Pitch => {
                ("it introduces your products to a new contact".into(), "这是向新联系人介绍产品的开发信".into())
            }
        }
    }
}

/// Why the draft is bulk mail, if it is.
pub(super) fn bulk(a: &Analysis) -> Option<Commercial> {
    if a.mode == Mode::Campaign {
        return Some(Commercial::Campaign);
    }
    let n = a.draft.recipients().count();
    if n >= 5 {
        return Some(Commercial::Recipients(n));
    }
    if a.bulk_signals() {
        return Some(Commercial::ListHeaders);
    }
    None
}

/// Why the draft is commercial: bulk, or a new message that is promotional (two promotional
/// phrases or more) or that pitches products. With `pitch_counts` false, a pitch alone is not
/// enough (the opt-out and address rules follow the catalog, which asks for bulk or
/// promotional wording).
pub(super) fn commercial(a: &Analysis, pitch_counts: bool) -> Option<Commercial> {
    if let Some(b) = bulk(a) {
        return Some(b);
    }
    if a.draft.continues_thread() {
        return None;
    }
    let promo = promotional_phrases(a);
    if promo >= 2 {
        return Some(Commercial::Promotional(promo));
    }
    if pitch_counts && is_pitch(&a.body) {
        return Some(Commercial::Pitch);
    }
    None
}

/// Distinct promotional phrases (the urgency and offer-hype lists of B07 and B08) in the
/// subject and body.
pub(super) fn promotional_phrases(a: &Analysis) -> usize {
    let re = crate::regex!(
        r"(?i)(?-u:\b)(?:act now|act immediately|limited[- ]time(?: offer)?|expires? today|offer expires|last chance|hurry(?: up)?|final call|don'?t delete|while supplies last|supplies are limited|before it'?s too late|order now|buy now|call now|click here|what are you waiting for|this won'?t last|deal ending soon|once in a lifetime|100% free|special (?:offer|promotion|deal)|best prices?|lowest prices?|huge discounts?|big discounts?|clearance(?: sale)?|one[- ]time (?:offer|charge|promotion)|exclusive (?:deal|offer)|giveaway|(?:amazing|incredible|unbelievable) (?:deal|offer|price)s?|great offer|hot sale|free gift|free trial|don'?t miss)(?-u:\b)|(?-u:\b)\d{1,2}\s?%\s?off(?-u:\b)|限时|最后机会|立即购买|马上抢|促销|特价|优惠|打折|折扣|清仓|免费领取|免费试用"
    );
    let mut seen: Vec<String> = Vec::new();
    for text in [a.subject.as_str(), a.body.as_str()] {
        for m in re.find_iter(text) {
            let key: String = m.as_str().to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ");
            if !seen.contains(&key) {
                seen.push(key);
            }
            if seen.len() >= 10 {
                return seen.len();
            }
        }
    }
    seen.len()
}

/// Whether the text introduces the sender's company or products to the reader.
pub(super) fn is_pitch(body: &str) -> bool {
    crate::regex!(
        r"(?i)(?-u:\b)we\s+are\s+(?:a|an|one\s+of\s+the)(?-u:\b)[^.\n]{0,80}?(?-u:\b)(?:manufacturers?|suppliers?|factory|factories|exporters?|producers?|makers?|vendors?|distributors?|wholesalers?|agency|provider)(?-u:\b)|(?-u:\b)we\s+speciali[sz]e\s+in(?-u:\b)|(?-u:\b)(?:i|we)\s+(?:would\s+like|want|wish|am\s+writing|are\s+writing)\s+to\s+(?:introduce|offer|recommend|present|promote)(?-u:\b)|(?-u:\b)(?:let\s+me|allow\s+me\s+to|may\s+i)\s+introduce(?-u:\b)|(?-u:\b)we\s+(?:can\s+)?(?:manufacture|produce|supply|export)(?-u:\b)|(?-u:\b)our\s+(?:main\s+)?(?:products?|catalog(?:ue)?|new\s+(?:collection|products?|arrivals?|models?))(?-u:\b)|(?-u:\b)(?:free\s+samples?|special\s+offer)(?-u:\b)|我司|我们公司|本公司|我们是[^。\n]{0,20}(?:厂|公司|供应商|制造商)|主营|专业生产|欢迎询价"
    )
    .is_match(body)
}

/// Byte ranges of `body` where a postal address is written: a street with a number, a P.O. box,
/// a room or building number, or a Chinese street-and-number address; except for the Chinese
/// form, a country name or a postcode must stand within 160 bytes.
pub(super) fn postal_address(body: &str) -> Option<Range<usize>> {
    // A line labelled as an address and holding a number is an address wherever it is.
    let labelled = crate::regex!(
        r"(?im)^[ \t]*(?:add|addr|address|adresse|anschrift|dirección|direccion|indirizzo|endereço|адрес|地址|公司地址)\s*[:：][^\n]{0,120}?\d[^\n]{3,}"
    );
    if let Some(m) = labelled.find(body) {
        return Some(m.range());
    }
    if let Some(m) = crate::regex!(
        r"[路街道巷弄里]\s*\d{1,5}\s*号|\d{1,5}\s*号\s*(?:楼|院|大厦|厂房)|[市区县镇][^\n]{0,30}\d{1,5}\s*号"
    )
    .find(body)
    {
        return Some(m.range());
    }
    let street = crate::regex!(
        r"(?i)(?-u:\b)(?:no\.?\s*)?\d{1,5}[a-z]?(?:[-/]\d{1,5})?,?\s+(?:[\p{L}'.-]+\s+){0,4}(?:street|st|road|rd|avenue|ave|boulevard|blvd|lane|ln|drive|highway|hwy|parkway|pkwy|terrace|crescent|alley|(?:industrial|science|business|technology|tech)\s+(?:park|zone|estate|district)|economic(?:\s+and\s+technological)?(?:\s+development)?\s+zone)(?-u:\b)\.?|(?-i:(?:Via|Viale|Piazza|Corso|Rue|Calle|Avenida|Rua|Carrer|Plaza|Paseo|Ulica|ul\.)(?:\s+(?:\p{Lu}[\p{L}'.-]*|d[aeiou]l?|de|la|del|della|di|des|du|do|da|von|van)){1,5}),?\s+\d{1,4}[a-zA-Z]?(?-u:\b)|\p{L}{2,}(?:straße|strasse|str\.|weg|platz|allee|gasse|ufer|chaussee)\s*\d{1,4}[a-z]?(?-u:\b)|(?-u:\b)(?:P\.?\s?O\.?\s?Box|Postfach|Caixa Postal|Apartado(?: de correos| postal)?)\s*\d{1,6}|(?-i:(?-u:\b)(?:Room|Rm|Suite|Ste|Flat|Unit|Building|Bldg|Block)\.?\s*#?\d{1,5}(?-u:\b))|(?-u:\b)\d{1,3}(?:st|nd|rd|th)\s+floor(?-u:\b)|(?-u:\b)\d{1,3}/F(?-u:\b)"
    );
    let place = crate::regex!(
        r"(?i)(?-u:\b)(?:china|p\.?\s?r\.?\s?china|prc|hong kong|taiwan|germany|deutschland|usa|u\.s\.a\.?|united states|uk|u\.k\.|united kingdom|england|italy|italia|spain|españa|france|netherlands|the netherlands|holland|belgium|poland|polska|austria|sterreich|zhejiang|guangdong|jiangsu|fujian|shandong|hebei|henan|hubei|hunan|anhui|jiangxi|sichuan|shanghai|beijing|tianjin|chongqing|shenzhen|guangzhou|ningbo|yiwu|xiamen|dongguan|foshan|hangzhou|suzhou|qingdao|wenzhou|zhongshan|taizhou|switzerland|schweiz|sweden|denmark|norway|finland|portugal|greece|czech republic|czechia|hungary|romania|turkey|türkiye|russia|ukraine|india|vietnam|viet nam|thailand|malaysia|singapore|indonesia|philippines|japan|korea|canada|mexico|méxico|brazil|brasil|argentina|chile|colombia|peru|australia|new zealand|south africa|egypt|nigeria|kenya|morocco|uae|united arab emirates|saudi arabia|israel|pakistan|bangladesh)(?-u:\b)|中国|香港|台湾|(?-u:\b)\d{5,6}(?-u:\b)|(?-i:(?-u:\b)[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}(?-u:\b)|(?-u:\b)[A-Z]\d[A-Z]\s?\d[A-Z]\d(?-u:\b)|(?-u:\b)\d{4}\s?[A-Z]{2}(?-u:\b)|(?-u:\b)[A-Z]{1,2}-\d{4,5}(?-u:\b)|(?-u:\b)\d{2}-\d{3}(?-u:\b)|(?-u:\b)[A-Z]{2}\s\d{5}(?-u:\b))"
    );
    for m in street.find_iter(body) {
        let from = floor_boundary(body, m.start().saturating_sub(160));
        let to = ceil_boundary(body, m.end().saturating_add(160));
        let around = &body[from..to];
        let own = (m.start() - from)..(m.end() - from);
        // The street's own number is no postcode: look outside the match.
        if place.find_iter(around).any(|p| p.end() <= own.start || p.start() >= own.end) {
            return Some(m.range());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::postal_address;

    #[test]
    fn addresses_are_found_in_many_forms() {
        for body in [
            "X Lighting Co., Ltd.\nNo. 8 Keji Rd, Yinzhou District, Ningbo 315000, China",
            "Acme Inc., 1600 Amphitheatre Parkway, Mountain View, CA 94043, USA",
            "Muster GmbH, Hauptstraße 5, 80331 München, Germany",
            "Rossi S.r.l., Via Roma 12, 20121 Milano, Italy",
            "浙江省宁波市鄞州区科技路8号",
            "P.O. Box 1234, Dubai, UAE",
            "Add: No. 8 Keji Rd, Yinzhou, Ningbo, Zhejiang",
            "Address: 12 Via Roma, Milano",
            "10 Downing Street, London SW1A 2AA",
        ] {
            assert!(postal_address(body).is_some(), "{body}");
        }
    }

    #[test]
    fn trade_text_is_no_address() {
        for body in [
            "3 way ball valves, FOB China, 25 days lead time",
            "Bearing 6204 in stock, shipped from Ningbo, China",
            "USD 5.20 per unit, FOB Shanghai, China. MOQ 10000 pcs",
            "We ship via DHL in 5 days to Germany",
        ] {
            assert!(postal_address(body).is_none(), "{body}");
        }
    }
}
