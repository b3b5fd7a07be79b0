//! H07 `image-on-untrusted-host`: images served from file-sharing, free image or marketplace
//! hosts rather than the sender's own site.

use super::common;
use crate::analysis::Analysis;
use crate::lexicon;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// H07.
pub(crate) static RULE: Rule = Rule {
    code: "H07",
    name: "image-on-untrusted-host",
    category: Category::Html,
    severity: Severity::Medium,
    cap: None,
    summary: L10n {
        en: "An image is hosted on a file-sharing, free image or marketplace host",
        zh: "图片存放在网盘、免费图床或电商平台的服务器上",
    },
    fix: L10n {
        en: "Host images on your own domain or attach them inline.",
        zh: "请把图片放在自己公司的域名下，或者直接作为内嵌图片插入邮件。",
    },
    doc: doc! {
        en: r#"## What it does
Flags remote images whose host is one that spam uses to borrow a good reputation:
- Google file storage: Drive, Docs, `storage.googleapis.com`, Firebase storage;
- file-sharing and free image hosts: Dropbox, OneDrive, imgur, ImgBB, Postimages, ImageShack,
  Photobucket, Gyazo, Discord's CDN, IPFS gateways and similar;
- big marketplaces' image CDNs: Alibaba/AliExpress (`alicdn.com`), Amazon, eBay, Temu.

A host is not flagged when it belongs to the sender (mail from `amazon.com` may show images from
`media-amazon.com`). One finding per host, on its first image. Gmail's own signature and
inline-image hosts (`googleusercontent.com`) are not listed: every Gmail user's logo lives there.

## Why it matters
Filters cannot judge an unknown sender, so they judge where the mail points. Images fetched from
Drive, free image hosts or a marketplace's CDN, in mail that did not come from those companies,
are a known spam pattern: SpamAssassin's `HOSTED_IMG_*` rules ("image hosted at large ecomm, CDN
or hosting site") score 1 to 3 points, `GOOG_STO_*` and `URI_GOOGDRAWPREVIEW` catch Google
storage, and Microsoft 365 can raise the score of "image links to remote websites"
(`IncreaseScoreWithImageLinks`). Exporters often copy product pictures straight from their
Alibaba store page, which lands in this pattern.

## Example
Fires: `<img src="https://sc04.alicdn.com/kf/H8a1f.jpg">` in a mail from `lily@x-lighting.com`.
Does not fire: the same picture at `https://x-lighting.com/img/high-bay.jpg`, or attached
inline.

## How to fix
Upload the images to your own website and link them from there, or insert them into the mail
as inline pictures (paste or "insert image → upload"), so that the mail does not depend on
someone else's server.

## References
- SpamAssassin sandbox rules published in `72_active.cf`: `HOSTED_IMG_*`, `GOOG_STO_*`,
  `URI_GOOGDRAWPREVIEW`, `AMAZON_IMG_NOT_RCVD_AMZN`
- Microsoft Exchange Online Protection, Advanced Spam Filter option
  `IncreaseScoreWithImageLinks`
"#,
        zh: r#"## 检查什么
外部图片如果存放在垃圾邮件常用来"借信誉"的主机上，就会提示：
- Google 文件存储：Google Drive、Google Docs、`storage.googleapis.com`、Firebase 存储；
- 网盘和免费图床：Dropbox、OneDrive、imgur、ImgBB、Postimages、ImageShack、Photobucket、Gyazo、Discord CDN、IPFS 网关等；
- 大型电商平台的图片 CDN：阿里巴巴/速卖通（`alicdn.com`）、亚马逊、eBay、Temu。

如果主机属于发件人自己（例如 `amazon.com` 发出的邮件使用 `media-amazon.com` 的图片），则不提示。每个主机提示一次，标在它的第一张图片上。Gmail
自己存放签名和内嵌图片的主机（`googleusercontent.com`）不在名单中，因为所有 Gmail 用户的 Logo 都放在那里。

## 为什么重要
过滤器无法判断一个陌生发件人，就会看邮件指向哪里。邮件并非来自这些公司，却从网盘、免费图床或电商平台 CDN 加载图片，这是已知的垃圾邮件特征：SpamAssassin
的 `HOSTED_IMG_*` 规则（"图片存放在大型电商、CDN 或托管网站"）计 1–3 分，`GOOG_STO_*` 和 `URI_GOOGDRAWPREVIEW` 专门针对 Google 存储，Microsoft 365
还可以对"链接到外部网站的图片"加分（`IncreaseScoreWithImageLinks`）。外贸业务员常常直接从阿里巴巴店铺页面复制产品图片，正好落入这种情况。

## 示例
会触发：发件人是 `lily@x-lighting.com`，邮件里有 `<img src="https://sc04.alicdn.com/kf/H8a1f.jpg">`。不会触发：同一张图片放在
`https://x-lighting.com/img/high-bay.jpg`，或者作为内嵌图片插入。

## 如何修改
把图片上传到自己公司的网站并从那里引用，或者直接把图片插入邮件（粘贴，或"插入图片 → 上传"），不要让邮件依赖别人的服务器。

## 参考
- SpamAssassin 通过 `72_active.cf` 发布的沙箱规则：`HOSTED_IMG_*`、`GOOG_STO_*`、`URI_GOOGDRAWPREVIEW`、`AMAZON_IMG_NOT_RCVD_AMZN`
- Microsoft Exchange Online Protection 高级垃圾邮件筛选选项 `IncreaseScoreWithImageLinks`
"#,
    },
    check,
};

/// What kind of host an entry is, for the message.
#[derive(Clone, Copy)]
enum Kind {
    Storage,
    FreeHost,
    Marketplace,
}

/// A listed host: the host itself or any subdomain of it, its kind, and the registrable
/// domains of senders that own it (their mail may use it).
struct Host {
    suffix: &'static str,
    kind: Kind,
    owners: &'static [&'static str],
}

const GOOGLE: &[&str] = &["google.com", "googlemail.com", "gmail.com"];
const ALIBABA: &[&str] =
    &["alibaba.com", "aliexpress.com", "alibaba-inc.com", "taobao.com", "tmall.com", "1688.com", "alicdn.com"];
const AMAZON: &[&str] = &[
    "amazon.com",
    "amazon.co.uk",
    "amazon.de",
    "amazon.fr",
    "amazon.it",
    "amazon.es",
    "amazon.co.jp",
    "amazon.cn",
    "amazon.in",
    "amazon.ca",
    "amazon.com.au",
    "amazonses.com",
];

/// Hosts spam borrows reputation from (SpamAssassin `HOSTED_IMG_*`, `GOOG_STO_*`). Gmail's
/// `googleusercontent.com` is deliberately absent: Gmail stores every signature image there.
const HOSTS: &[Host] = &[
    Host { suffix: "drive.google.com", kind: Kind::Storage, owners: GOOGLE },
    Host { suffix: "docs.google.com", kind: Kind::Storage, owners: GOOGLE },
    Host { suffix: "drive.usercontent.google.com", kind: Kind::Storage, owners: GOOGLE },
    Host { suffix: "storage.googleapis.com", kind: Kind::Storage, owners: GOOGLE },
    Host { suffix: "storage.cloud.google.com", kind: Kind::Storage, owners: GOOGLE },
    Host { suffix: "firebasestorage.googleapis.com", kind: Kind::Storage, owners: GOOGLE },
    Host { suffix: "dropbox.com", kind: Kind::Storage, owners: &["dropbox.com", "dropboxmail.com"] },
    Host { suffix: "dropboxusercontent.com", kind: Kind::Storage, owners: &["dropbox.com", "dropboxmail.com"] },
    Host { suffix: "onedrive.live.com", kind: Kind::Storage, owners: &["microsoft.com"] },
    Host { suffix: "1drv.ms", kind: Kind::Storage, owners: &["microsoft.com"] },
    Host { suffix: "imgur.com", kind: Kind::FreeHost, owners: &["imgur.com"] },
    Host { suffix: "ibb.co", kind: Kind::FreeHost, owners: &["imgbb.com"] },
    Host { suffix: "imgbb.com", kind: Kind::FreeHost, owners: &["imgbb.com"] },
    Host { suffix: "postimg.cc", kind: Kind::FreeHost, owners: &["postimages.org"] },
    Host { suffix: "postimages.org", kind: Kind::FreeHost, owners: &["postimages.org"] },
    Host { suffix: "imageshack.com", kind: Kind::FreeHost, owners: &["imageshack.com"] },
    Host { suffix: "imageshack.us", kind: Kind::FreeHost, owners: &["imageshack.com"] },
    Host { suffix: "photobucket.com", kind: Kind::FreeHost, owners: &["photobucket.com"] },
    Host { suffix: "tinypic.com", kind: Kind::FreeHost, owners: &[] },
    Host { suffix: "imgbox.com", kind: Kind::FreeHost, owners: &[] },
    Host { suffix: "imagebam.com", kind: Kind::FreeHost, owners: &[] },
    Host { suffix: "imagevenue.com", kind: Kind::FreeHost, owners: &[] },
    Host { suffix: "pixhost.to", kind: Kind::FreeHost, owners: &[] },
    Host { suffix: "freeimage.host", kind: Kind::FreeHost, owners: &[] },
    Host { suffix: "iili.io", kind: Kind::FreeHost, owners: &[] },
    Host { suffix: "gyazo.com", kind: Kind::FreeHost, owners: &["gyazo.com"] },
    Host { suffix: "prnt.sc", kind: Kind::FreeHost, owners: &[] },
    Host { suffix: "cdn.discordapp.com", kind: Kind::FreeHost, owners: &["discord.com"] },
    Host { suffix: "media.discordapp.net", kind: Kind::FreeHost, owners: &["discord.com"] },
    Host { suffix: "telegra.ph", kind: Kind::FreeHost, owners: &[] },
    Host { suffix: "ipfs.io", kind: Kind::FreeHost, owners: &[] },
    Host { suffix: "dweb.link", kind: Kind::FreeHost, owners: &[] },
    Host { suffix: "alicdn.com", kind: Kind::Marketplace, owners: ALIBABA },
    Host { suffix: "media-amazon.com", kind: Kind::Marketplace, owners: AMAZON },
    Host { suffix: "ssl-images-amazon.com", kind: Kind::Marketplace, owners: AMAZON },
    Host { suffix: "images-amazon.com", kind: Kind::Marketplace, owners: AMAZON },
    Host { suffix: "ebayimg.com", kind: Kind::Marketplace, owners: &["ebay.com", "ebay.co.uk", "ebay.de"] },
    Host { suffix: "kwcdn.com", kind: Kind::Marketplace, owners: &["temu.com"] },
];

fn listed(host: &str) -> Option<&'static Host> {
    HOSTS.iter().find(|h| host == h.suffix || host.strip_suffix(h.suffix).is_some_and(|rest| rest.ends_with('.')))
}

fn check(a: &Analysis, out: &mut Hits) {
    let sender = a
        .draft
        .from
        .as_ref()
        .map(|f| f.domain())
        .and_then(|d| lexicon::registrable_domain(&d).or(Some(d)))
        .unwrap_or_default();
    let mut reported: Vec<&str> = Vec::new();
    for img in a.images.iter().filter(|img| common::is_remote(&img.src)) {
        let src = img.src.trim();
        // Protocol-relative sources have no scheme for url_host to find.
        let host =
            if src.starts_with("//") { lexicon::url_host(&format!("https:{src}")) } else { lexicon::url_host(src) };
        let Some(host) = host else {
            continue;
        };
        let Some(entry) = listed(&host) else {
            continue;
        };
        let own = entry.owners.contains(&sender.as_str())
            || lexicon::registrable_domain(&host).is_some_and(|d| !sender.is_empty() && d == sender);
        if own || reported.contains(&entry.suffix) {
            continue;
        }
        reported.push(entry.suffix);
        let (en_kind, zh_kind) = match entry.kind {
            Kind::Storage => ("a file-storage service", "网盘/文件存储服务"),
            Kind::FreeHost => ("a free image host", "免费图床"),
            Kind::Marketplace => ("a marketplace's image server", "电商平台的图片服务器"),
        };
        out.add(1.0, Part::Images).at(common::image_span(a, img)).say(
            format!("The image \"{}\" is loaded from {host}, {en_kind}", common::image_name(src)),
            format!("图片 \"{}\" 从 {host}（{zh_kind}）加载", common::image_name(src)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_match_themselves_and_subdomains_only() {
        assert!(listed("sc04.alicdn.com").is_some());
        assert!(listed("i.imgur.com").is_some());
        assert!(listed("myimgur.com").is_none());
        assert!(listed("lh3.googleusercontent.com").is_none());
    }
}
