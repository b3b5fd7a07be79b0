//! A01 `blocked-attachment-type`: an attached file is of a type that Gmail and most mail
//! gateways refuse (programs, scripts, shortcuts, disk images).

use super::common;
use crate::analysis::Analysis;
use crate::report::{Part, Severity};
use crate::rules::{Category, Hits, L10n, Rule};

/// A01.
pub(crate) static RULE: Rule = Rule {
    code: "A01",
    name: "blocked-attachment-type",
    category: Category::Attachments,
    severity: Severity::Critical,
    cap: None,
    summary: L10n {
        en: "An attachment is a program, script or disk image that mail servers block",
        zh: "附件是可执行程序、脚本或磁盘镜像，邮件服务器会直接拦截",
    },
    fix: L10n {
        en: "Executables and disk images are blocked by Gmail and most gateways: share the file via a download link instead.",
        zh: "Gmail 和大多数邮件网关会拦截可执行文件和磁盘镜像，请改用下载链接分享该文件。",
    },
    doc: doc! {
        en: r#"## What it does
Flags each attached file whose extension is on Gmail's list of blocked file types or on the
catalog's block-list: programs and installers (`.exe`, `.msi`, `.com`, `.scr`, `.pif`, `.dll`,
`.apk`…), scripts (`.js`, `.vbs`, `.bat`, `.cmd`, `.ps1`, `.wsf`, `.hta`, `.jar`…), shortcuts
(`.lnk`, `.url`), registry and help files (`.reg`, `.chm`) and disk images (`.iso`, `.img`,
`.vhd`, `.vhdx`, `.dmg`). Like Gmail, it also looks inside single-file compression
(`setup.exe.gz`), and it flags a file whose declared MIME type is a Windows program even when the
name hides it.

## Why it matters
Gmail refuses to send or receive these files, and Rspamd's `MIME_BAD_EXTENSION` scores them up
to 4 points; most corporate gateways strip or quarantine them. The recipient gets a bounce, an
empty mail or nothing at all, and the sender looks like malware.

## Example
`Setup_Driver.exe`, `price-list.js` or `catalog.iso` fires; `Catalog-2025.pdf` does not.

## How to fix
Put the file on a download page or a cloud drive of your company and send the link, with a line
saying what it is. Send documents as PDF.

## References
- Google Gmail Help, "File types blocked in Gmail"
- Rspamd `src/plugins/lua/mime_types.lua` `bad_extensions`, symbol `MIME_BAD_EXTENSION`
- Microsoft Outlook blocked attachment list
"#,
        zh: r#"## 检查什么
逐个检查附件的扩展名是否在 Gmail 的禁止文件类型列表或本规则的黑名单中：程序和安装包（`.exe`、`.msi`、`.com`、
`.scr`、`.pif`、`.dll`、`.apk` 等）、脚本（`.js`、`.vbs`、`.bat`、`.cmd`、`.ps1`、`.wsf`、`.hta`、`.jar` 等）、
快捷方式（`.lnk`、`.url`）、注册表和帮助文件（`.reg`、`.chm`）以及磁盘镜像（`.iso`、`.img`、`.vhd`、`.vhdx`、`.dmg`）。
与 Gmail 一样，单文件压缩（如 `setup.exe.gz`）也会检查里面的扩展名；声明的 MIME 类型是 Windows 程序时，即使文件名看不出来也会报出。

## 为什么重要
Gmail 不允许收发这类文件，Rspamd 的 `MIME_BAD_EXTENSION` 最高计 4 分，大多数企业邮件网关会删除或隔离它们。
对方要么收到退信，要么收到空邮件，要么什么也收不到，发件人还会被当成发送恶意软件。

## 示例
`Setup_Driver.exe`、`price-list.js` 或 `catalog.iso` 会触发；`Catalog-2025.pdf` 不会。

## 如何修改
把文件放到公司网站的下载页或云盘上，在邮件里发链接，并用一句话说明是什么文件。文档请用 PDF 发送。

## 参考
- Google Gmail 帮助："Gmail 中禁止的文件类型"
- Rspamd `src/plugins/lua/mime_types.lua` 的 `bad_extensions`，符号 `MIME_BAD_EXTENSION`
- Microsoft Outlook 附件拦截列表
"#,
    },
    check,
};

/// Extensions Gmail blocks ("File types blocked in Gmail"), plus the catalog's additions
/// (`reg`, `vhdx`, `url`, `app`).
const BLOCKED: &[&str] = &[
    "ade",
    "adp",
    "apk",
    "app",
    "appx",
    "appxbundle",
    "bat",
    "cab",
    "chm",
    "cmd",
    "com",
    "cpl",
    "diagcab",
    "diagcfg",
    "diagpack",
    "dll",
    "dmg",
    "ex",
    "ex_",
    "exe",
    "hta",
    "img",
    "ins",
    "iso",
    "isp",
    "jar",
    "jnlp",
    "js",
    "jse",
    "lib",
    "lnk",
    "mde",
    "mjs",
    "msc",
    "msi",
    "msix",
    "msixbundle",
    "msp",
    "mst",
    "nsh",
    "pif",
    "ps1",
    "reg",
    "scr",
    "sct",
    "shb",
    "sys",
    "url",
    "vb",
    "vbe",
    "vbs",
    "vhd",
    "vhdx",
    "vxd",
    "wsc",
    "wsf",
    "wsh",
    "xll",
];

/// Compression formats that hold one file, whose inner extension Gmail also checks.
const SINGLE_FILE_COMPRESSION: &[&str] = &["gz", "bz2", "xz", "z", "lz", "lzma", "zst"];

/// MIME types of Windows programs and installers.
const PROGRAM_MIME: &[&str] = &[
    "application/x-msdownload",
    "application/x-dosexec",
    "application/x-msdos-program",
    "application/x-ms-installer",
    "application/x-msi",
    "application/vnd.microsoft.portable-executable",
    "application/x-executable",
    "application/hta",
    "application/java-archive",
    "application/x-iso9660-image",
];

fn check(a: &Analysis, out: &mut Hits) {
    for attachment in a.attachments() {
        let exts = common::extensions(&attachment.name);
        let mut blocked = exts.last().filter(|e| BLOCKED.contains(&e.as_str())).cloned();
        if blocked.is_none() && exts.len() >= 2 && SINGLE_FILE_COMPRESSION.contains(&exts[exts.len() - 1].as_str()) {
            blocked = Some(&exts[exts.len() - 2]).filter(|e| BLOCKED.contains(&e.as_str())).cloned();
        }
        let mime = common::mime(attachment);
        let name = attachment.name.trim();
        match blocked {
            Some(ext) => {
                out.add(5.0, Part::Attachments).say(
                    format!("“{name}” is a .{ext} file, a type Gmail and most gateways block"),
                    format!("“{name}” 是 .{ext} 文件，Gmail 和大多数邮件网关会拦截这种类型"),
                );
            }
            None if PROGRAM_MIME.contains(&mime.as_str()) => {
                out.add(5.0, Part::Attachments).say(
                    format!("“{name}” is declared as a program ({mime}), which gateways block"),
                    format!("“{name}” 的类型声明为程序（{mime}），邮件网关会拦截"),
                );
            }
            None => {}
        }
    }
}
