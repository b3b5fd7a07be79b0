//! The address-list checker's verdicts, one declaration each: a permanent code and name, what it
//! does to the address (remove it, keep it for review, or only note it) and its words in English
//! and Simplified Chinese.

use serde::Serialize;

use crate::report::Lang;
use crate::rules::L10n;

/// What a reason does to an address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Certain to bounce or worthless: left out of the clean list.
    Remove,
    /// Could not be confirmed, or failed softly before: kept, and listed for review.
    Doubtful,
    /// Kept; the reason is a fact worth knowing (a role account, free mail).
    Keep,
}

impl Status {
    /// `remove`, `doubtful` or `keep`, as the CSV's `status` column writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Remove => "remove",
            Status::Doubtful => "doubtful",
            Status::Keep => "keep",
        }
    }
}

/// Why an address is removed, doubtful or noted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[allow(missing_docs)] // Each variant is documented by its declaration in `REASONS`.
pub enum Reason {
    NoAddress,
    InvalidSyntax,
    DomainTypo,
    Duplicate,
    Disposable,
    HardBounced,
    NoSuchDomain,
    NoMailServer,
    NullMx,
    SoftBounced,
    NotChecked,
    RowTooLong,
    RoleAccount,
    FreeMail,
}

/// One reason's declaration.
#[derive(Debug, Clone, Copy)]
pub struct ReasonDoc {
    /// The reason.
    pub reason: Reason,
    /// Its permanent code (`L01`…), as the CSV and the JSON write it.
    pub code: &'static str,
    /// Its permanent name (`invalid-syntax`).
    pub name: &'static str,
    /// What it does to the address.
    pub status: Status,
    /// A short label for the summary and the `reason` column.
    pub label: L10n,
}

/// Every reason, in the order the summary lists them: removals first, then doubts, then notes.
pub static REASONS: &[ReasonDoc] = &[
    ReasonDoc {
        reason: Reason::NoAddress,
        code: "L01",
        name: "no-address",
        status: Status::Remove,
        label: L10n { en: "no address in the row", zh: "该行没有邮箱地址" },
    },
    ReasonDoc {
        reason: Reason::InvalidSyntax,
        code: "L02",
        name: "invalid-syntax",
        status: Status::Remove,
        label: L10n { en: "not a valid address", zh: "地址格式错误" },
    },
    ReasonDoc {
        reason: Reason::DomainTypo,
        code: "L03",
        name: "domain-typo",
        status: Status::Remove,
        label: L10n { en: "domain looks like a typo", zh: "域名疑似拼写错误" },
    },
    ReasonDoc {
        reason: Reason::Duplicate,
        code: "L04",
        name: "duplicate",
        status: Status::Remove,
        label: L10n { en: "duplicate", zh: "重复地址" },
    },
    ReasonDoc {
        reason: Reason::Disposable,
        code: "L05",
        name: "disposable",
        status: Status::Remove,
        label: L10n { en: "disposable (throw-away) mailbox", zh: "一次性（临时）邮箱" },
    },
    ReasonDoc {
        reason: Reason::HardBounced,
        code: "L06",
        name: "hard-bounced",
        status: Status::Remove,
        label: L10n { en: "hard-bounced before", zh: "曾经硬退信" },
    },
    ReasonDoc {
        reason: Reason::NoSuchDomain,
        code: "L07",
        name: "no-such-domain",
        status: Status::Remove,
        label: L10n { en: "domain does not exist", zh: "域名不存在" },
    },
    ReasonDoc {
        reason: Reason::NoMailServer,
        code: "L08",
        name: "no-mail-server",
        status: Status::Remove,
        label: L10n { en: "domain has no mail server", zh: "域名没有邮件服务器" },
    },
    ReasonDoc {
        reason: Reason::NullMx,
        code: "L09",
        name: "null-mx",
        status: Status::Remove,
        label: L10n { en: "domain accepts no mail (null MX)", zh: "域名声明不收邮件（空 MX）" },
    },
    ReasonDoc {
        reason: Reason::SoftBounced,
        code: "L10",
        name: "soft-bounced",
        status: Status::Doubtful,
        label: L10n { en: "soft-bounced before", zh: "曾经软退信" },
    },
    ReasonDoc {
        reason: Reason::NotChecked,
        code: "L11",
        name: "not-checked",
        status: Status::Doubtful,
        label: L10n { en: "domain could not be checked", zh: "域名无法检查" },
    },
    ReasonDoc {
        reason: Reason::RowTooLong,
        code: "L12",
        name: "row-too-long",
        status: Status::Doubtful,
        label: L10n { en: "row too long, cut short", zh: "该行过长，已截断" },
    },
    ReasonDoc {
        reason: Reason::RoleAccount,
        code: "L13",
        name: "role-account",
        status: Status::Keep,
        label: L10n { en: "role account", zh: "职能邮箱" },
    },
    ReasonDoc {
        reason: Reason::FreeMail,
        code: "L14",
        name: "free-mail",
        status: Status::Keep,
        label: L10n { en: "free mailbox (not a company domain)", zh: "免费邮箱（非企业域名）" },
    },
];

impl Reason {
    /// The reason's declaration.
    pub fn doc(self) -> &'static ReasonDoc {
        REASONS.iter().find(|d| d.reason == self).expect("every reason is declared")
    }

    /// What it does to the address.
    pub fn status(self) -> Status {
        self.doc().status
    }

    /// Its permanent name.
    pub fn name(self) -> &'static str {
        self.doc().name
    }

    /// Its label in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        self.doc().label.get(lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_is_declared_once_with_unique_codes_and_names() {
        let all = [
            Reason::NoAddress,
            Reason::InvalidSyntax,
            Reason::DomainTypo,
            Reason::Duplicate,
            Reason::Disposable,
            Reason::HardBounced,
            Reason::NoSuchDomain,
            Reason::NoMailServer,
            Reason::NullMx,
            Reason::SoftBounced,
            Reason::NotChecked,
            Reason::RowTooLong,
            Reason::RoleAccount,
            Reason::FreeMail,
        ];
        assert_eq!(REASONS.len(), all.len());
        for r in all {
            assert_eq!(REASONS.iter().filter(|d| d.reason == r).count(), 1, "{r:?}");
        }
        let mut codes: Vec<_> = REASONS.iter().map(|d| d.code).collect();
        let mut names: Vec<_> = REASONS.iter().map(|d| d.name).collect();
        codes.dedup();
        names.sort();
        names.dedup();
        assert_eq!((codes.len(), names.len()), (all.len(), all.len()));
        assert!(REASONS.windows(2).all(|w| w[0].status <= w[1].status), "removals, then doubts, then notes");
        for d in REASONS {
            assert!(!d.label.en.is_empty() && !d.label.zh.is_empty());
            assert_eq!(serde_json::to_value(d.reason).unwrap(), d.name, "the JSON name is the declared one");
        }
    }
}
