//! Reading a list: bytes → text (UTF-8, UTF-16 with a BOM, else GB18030 as Chinese Excel saves
//! CSV) → records with the `csv` crate (the delimiter sniffed: comma, semicolon, tab, bar, or
//! one address a line) → the email column, found by its header (English or Chinese) or by its
//! content. Every limit of `limits.rs` bounds the work: a larger input gives the rows read so
//! far and says why it stopped.

use serde::Serialize;

use crate::limits::{clip, MAX_LIST_BYTES, MAX_LIST_COLUMNS, MAX_LIST_FIELD_BYTES, MAX_LIST_ROWS};
use crate::report::Lang;

/// Why a list could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "error")]
pub enum ReadError {
    /// Nothing but whitespace.
    Empty,
    /// Bytes that are no text: NUL bytes or mostly control characters.
    Binary,
    /// A ZIP container: an `.xlsx` workbook (or `.docx`, `.zip`).
    Spreadsheet,
    /// No column holds anything that looks like an address.
    NoEmailColumn,
}

impl ReadError {
    /// What went wrong and what to do, in `lang`.
    pub fn message(&self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ReadError::Empty, Lang::En) => "the list is empty",
            (ReadError::Empty, Lang::ZhCn) => "名单是空的",
            (ReadError::Binary, Lang::En) => {
                "this is not a text file (it holds binary data): save the list as CSV or paste the addresses"
            }
            (ReadError::Binary, Lang::ZhCn) => "这不是文本文件（含有二进制数据）：请把名单另存为 CSV，或直接粘贴地址",
            (ReadError::Spreadsheet, Lang::En) => {
                "this is an Excel workbook or another ZIP file: in Excel, choose Save As › CSV UTF-8 and open that file"
            }
            (ReadError::Spreadsheet, Lang::ZhCn) => {
                "这是 Excel 工作簿或其他 ZIP 文件：请在 Excel 中选择“另存为 › CSV UTF-8”，再打开保存的文件"
            }
            (ReadError::NoEmailColumn, Lang::En) => {
                "no column holds email addresses: check that the file has an email column (or one address a line)"
            }
            (ReadError::NoEmailColumn, Lang::ZhCn) => "没有找到邮箱地址列：请确认文件中有邮箱一列（或每行一个地址）",
        }
    }
}

/// Something the reader did that the user should know: an encoding guessed, rows left unread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "note")]
pub enum ReadNote {
    /// The text was not UTF-8 and was read as this encoding (`GB18030`, `UTF-16LE`).
    Decoded {
        /// The encoding's name.
        encoding: String,
        /// Whether some bytes were not valid in it either (replaced by U+FFFD).
        lossy: bool,
    },
    /// Reading stopped at [`MAX_LIST_ROWS`] rows; the rest was not read.
    TooManyRows {
        /// Rows read.
        read: usize,
    },
    /// Only the first [`MAX_LIST_BYTES`] bytes were read.
    TooLarge {
        /// The input's size.
        size: usize,
    },
    /// Columns past [`MAX_LIST_COLUMNS`] were dropped.
    TooManyColumns,
    /// Lines the CSV reader could not read (an unclosed quote runs to the end of the file).
    Unreadable {
        /// How many.
        count: usize,
    },
}

impl ReadNote {
    /// The note in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (ReadNote::Decoded { encoding, lossy }, Lang::En) => format!(
                "the file is not UTF-8: read as {encoding}{}",
                if *lossy { " (some characters could not be read and show as �)" } else { "" }
            ),
            (ReadNote::Decoded { encoding, lossy }, Lang::ZhCn) => format!(
                "文件不是 UTF-8 编码，已按 {encoding} 读取{}",
                if *lossy { "（部分字符无法识别，显示为 �）" } else { "" }
            ),
            (ReadNote::TooManyRows { read }, Lang::En) => {
                format!("the list is longer than {read} rows: only the first {read} were checked (split the file)")
            }
            (ReadNote::TooManyRows { read }, Lang::ZhCn) => {
                format!("名单超过 {read} 行：只检查了前 {read} 行（请把文件拆开分批检查）")
            }
            (ReadNote::TooLarge { size }, Lang::En) => format!(
                "the file is {} MB: only the first {} MB were read (split the file)",
                size / 1_000_000,
                MAX_LIST_BYTES / 1_000_000
            ),
            (ReadNote::TooLarge { size }, Lang::ZhCn) => format!(
                "文件大小 {} MB：只读取了前 {} MB（请把文件拆开分批检查）",
                size / 1_000_000,
                MAX_LIST_BYTES / 1_000_000
            ),
            (ReadNote::TooManyColumns, Lang::En) => format!("columns after the first {MAX_LIST_COLUMNS} were dropped"),
            (ReadNote::TooManyColumns, Lang::ZhCn) => format!("第 {MAX_LIST_COLUMNS} 列之后的列已被忽略"),
            (ReadNote::Unreadable { count }, Lang::En) => {
                format!("{count} lines could not be read as CSV and were skipped")
            }
            (ReadNote::Unreadable { count }, Lang::ZhCn) => format!("有 {count} 行无法按 CSV 读取，已跳过"),
        }
    }
}

/// A list as read: its columns, its rows and where the addresses are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    /// Column names: the header row's, or `column 1`… when the file has none.
    pub columns: Vec<String>,
    /// Whether the first line was a header.
    pub has_header: bool,
    /// The column holding the addresses.
    pub email_column: usize,
    /// The delimiter (`,` `;` `\t` `|`), or `None` for one address a line (a pasted list).
    pub delimiter: Option<char>,
    /// The rows, each with as many cells as it had (clipped at the limits).
    pub rows: Vec<Vec<String>>,
    /// Rows longer than [`MAX_LIST_FIELD_BYTES`] in a cell, by index (their cells were cut).
    pub clipped_rows: Vec<usize>,
    /// What the reader did that the user should know.
    pub notes: Vec<ReadNote>,
}

/// Header names of an email column, lowercase, without spaces, dashes or underscores.
const EMAIL_HEADERS: &[&str] = &[
    "email",
    "emailaddress",
    "mail",
    "mailaddress",
    "e-mail",
    "address",
    "emails",
    "correo",
    "courriel",
    "邮箱",
    "电子邮箱",
    "电子邮件",
    "邮件",
    "邮件地址",
    "邮箱地址",
    "电子邮件地址",
    "電子郵件",
    "郵箱",
    "电邮",
    "mailbox",
];

fn header_key(cell: &str) -> String {
    cell.trim()
        .trim_matches('"')
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_' | '.' | ':' | '：'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether a cell reads as an email header (`Email`, `E-mail Address`, `邮箱`, `联系人邮箱`).
fn is_email_header(cell: &str) -> bool {
    let key = header_key(cell);
    if key.is_empty() || key.contains('@') {
        return false;
    }
    EMAIL_HEADERS.contains(&key.as_str())
        || key.ends_with("email")
        || key.ends_with("emailaddress")
        || key.ends_with("邮箱")
        || key.ends_with("邮件地址")
        || key.ends_with("电子邮件")
}

/// Whether a cell looks like it holds an address: something, `@`, something with a dot.
pub(crate) fn looks_like_address(cell: &str) -> bool {
    let cell = cell.trim();
    match cell.rfind(['@', '＠']) {
        Some(at) => at > 0 && cell[at..].chars().nth(1).is_some() && cell.len() <= MAX_LIST_FIELD_BYTES,
        None => false,
    }
}

/// Whether `bytes` start with a UTF-16 byte-order mark: `Some(true)` little-endian.
fn utf16_bom(bytes: &[u8]) -> Option<bool> {
    match bytes {
        [0xFF, 0xFE, ..] => Some(true),
        [0xFE, 0xFF, ..] => Some(false),
        _ => None,
    }
}

/// Text of `bytes`: UTF-8 (a BOM dropped), UTF-16 with a BOM (std's decoder), else a legacy
/// encoding (`legacy`), noted.
fn decode(bytes: &[u8]) -> (String, Option<ReadNote>) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (String::from_utf8_lossy(rest).into_owned(), None);
    }
    if let Some(little) = utf16_bom(bytes) {
        let units = bytes[2..].chunks_exact(2).map(|c| match little {
            true => u16::from_le_bytes([c[0], c[1]]),
            false => u16::from_be_bytes([c[0], c[1]]),
        });
        let mut lossy = false;
        let text = char::decode_utf16(units)
            .map(|c| {
                c.unwrap_or_else(|_| {
                    lossy = true;
                    char::REPLACEMENT_CHARACTER
                })
            })
            .collect();
        let encoding = if little { "UTF-16LE" } else { "UTF-16BE" };
        return (text, Some(ReadNote::Decoded { encoding: encoding.to_string(), lossy }));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), None),
        // A UTF-8 file cut inside a character at the byte limit is still UTF-8.
        Err(e) if e.error_len().is_none() => (String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned(), None),
        Err(_) => legacy(bytes),
    }
}

/// Bytes that are not UTF-8: GB18030, what Chinese Excel writes as "CSV" (a superset of GBK and
/// GB2312), with `encoding_rs`.
#[cfg(feature = "list-encodings")]
fn legacy(bytes: &[u8]) -> (String, Option<ReadNote>) {
    let (text, lossy) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    (text.into_owned(), Some(ReadNote::Decoded { encoding: "GB18030".into(), lossy }))
}

/// Without `list-encodings` (the wasm: the browser's own `TextDecoder` decodes legacy encodings
/// before the list gets here, see [`read_decoded`]): UTF-8 with the bad bytes replaced, noted.
#[cfg(not(feature = "list-encodings"))]
fn legacy(bytes: &[u8]) -> (String, Option<ReadNote>) {
    (String::from_utf8_lossy(bytes).into_owned(), Some(ReadNote::Decoded { encoding: "UTF-8".into(), lossy: true }))
}

/// Whether `bytes` are binary: a NUL byte (UTF-16 without a BOM included, which we do not read)
/// or more than one in ten of the first 8 KB control characters other than tab and line ends.
fn is_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if utf16_bom(head).is_some() {
        return false;
    }
    let controls = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)).count();
    head.contains(&0) || controls * 10 > head.len()
}

/// The delimiter the first lines agree on: present on every one of them (quotes respected), the
/// most frequent such; `None` for one value a line.
fn sniff_delimiter(text: &str) -> Option<u8> {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(50).collect();
    let count = |line: &str, d: u8| {
        let mut quoted = false;
        line.bytes()
            .filter(|&b| {
                if b == b'"' {
                    quoted = !quoted;
                }
                !quoted && b == d
            })
            .count()
    };
    [b'\t', b';', b',', b'|']
        .into_iter()
        .filter(|&d| !lines.is_empty() && lines.iter().all(|l| count(l, d) > 0))
        .max_by_key(|&d| (lines.iter().map(|l| count(l, d)).min().unwrap_or(0), d == b'\t'))
}

/// Reads a list.
pub fn read(bytes: &[u8]) -> Result<Table, ReadError> {
    read_decoded(bytes, None)
}

/// Reads a list the host has already decoded to UTF-8 from `decoded_from` (the extension
/// decodes GB18030 with the browser's `TextDecoder`, the WHATWG Encoding Standard's decoder,
/// rather than ship `encoding_rs`'s tables in the wasm); the result notes the encoding.
pub fn read_decoded(bytes: &[u8], decoded_from: Option<&str>) -> Result<Table, ReadError> {
    let mut table = read_bytes(bytes)?;
    if let Some(encoding) = decoded_from {
        let lossy = table.rows.iter().flatten().chain(&table.columns).any(|c| c.contains(char::REPLACEMENT_CHARACTER));
        table.notes.insert(0, ReadNote::Decoded { encoding: encoding.to_string(), lossy });
    }
    Ok(table)
}

fn read_bytes(bytes: &[u8]) -> Result<Table, ReadError> {
    let mut notes = Vec::new();
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ReadError::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(ReadError::Spreadsheet);
    }
    if is_binary(bytes) {
        return Err(ReadError::Binary);
    }
    let bytes = if bytes.len() > MAX_LIST_BYTES {
        notes.push(ReadNote::TooLarge { size: bytes.len() });
        // Up to the last line end inside the limit: no row is read half.
        let cut = bytes[..MAX_LIST_BYTES].iter().rposition(|&b| b == b'\n').map_or(MAX_LIST_BYTES, |i| i + 1);
        &bytes[..cut]
    } else {
        bytes
    };
    let (text, decoded) = decode(bytes);
    notes.extend(decoded);
    let delimiter = sniff_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter.unwrap_or(b'\0'))
        .quoting(delimiter.is_some())
        .from_reader(text.as_bytes());
    let (mut rows, mut clipped_rows, mut unreadable, mut too_many_columns) = (Vec::new(), Vec::new(), 0, false);
    let mut more = false;
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(_) => {
                unreadable += 1;
                if unreadable > MAX_LIST_ROWS {
                    break;
                }
                continue;
            }
        }
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        // One more than the limit may be read: the header, when there is one, does not count.
        if rows.len() == MAX_LIST_ROWS + 1 {
            more = true;
            break;
        }
        too_many_columns |= record.len() > MAX_LIST_COLUMNS;
        let mut clipped = false;
        let row: Vec<String> = record
            .iter()
            .take(MAX_LIST_COLUMNS)
            .map(|cell| {
                clipped |= cell.len() > MAX_LIST_FIELD_BYTES;
                clip(cell, MAX_LIST_FIELD_BYTES).trim().to_string()
            })
            .collect();
        if clipped {
            clipped_rows.push(rows.len());
        }
        rows.push(row);
    }
    if too_many_columns {
        notes.push(ReadNote::TooManyColumns);
    }
    if unreadable > 0 {
        notes.push(ReadNote::Unreadable { count: unreadable });
    }
    if rows.is_empty() {
        return Err(ReadError::Empty);
    }
    let header_column = rows[0].iter().position(|c| is_email_header(c));
    let email_column = match header_column {
        Some(c) => c,
        None => content_column(&rows).ok_or(ReadError::NoEmailColumn)?,
    };
    // A first row without an address where the column holds addresses is a header too
    // (`Name,Contact` over `Maria,maria@acme.com`).
    let has_header = header_column.is_some()
        || (rows.len() > 1 && !rows[0].get(email_column).is_some_and(|c| looks_like_address(c)));
    let width = rows.iter().map(Vec::len).max().unwrap_or(1);
    let mut columns: Vec<String> = match has_header {
        true => (0..width)
            .map(|i| rows[0].get(i).filter(|c| !c.is_empty()).cloned().unwrap_or_else(|| format!("column {}", i + 1)))
            .collect(),
        false => (0..width)
            .map(|i| if i == email_column { "email".to_string() } else { format!("column {}", i + 1) })
            .collect(),
    };
    if has_header {
        rows.remove(0);
        clipped_rows.retain(|&i| i > 0);
        clipped_rows.iter_mut().for_each(|i| *i -= 1);
    }
    let mut delimiter = delimiter.map(char::from);
    let mut email_column = email_column;
    // Addresses side by side with no header (`a@x.com; b@y.com` pasted from a To field): a list
    // of addresses, one a row.
    if !has_header && delimiter.is_none() && rows.iter().any(|r| r[0].matches('@').count() > 1) {
        // One column, several addresses on a line: split at `;` and `,`.
        rows = rows
            .into_iter()
            .flat_map(|r| match r[0].matches('@').count() > 1 {
                true => {
                    r[0].split([';', ',']).map(|c| vec![c.trim().to_string()]).filter(|c| !c[0].is_empty()).collect()
                }
                false => vec![r],
            })
            .collect();
        clipped_rows.clear();
    } else if !has_header && address_columns(&rows) >= 2 {
        rows = rows.into_iter().flatten().filter(|c| !c.is_empty()).map(|c| vec![c]).collect();
        clipped_rows.clear();
        (columns, delimiter, email_column) = (vec!["email".to_string()], None, 0);
    }
    if more || rows.len() > MAX_LIST_ROWS {
        rows.truncate(MAX_LIST_ROWS);
        notes.push(ReadNote::TooManyRows { read: MAX_LIST_ROWS });
    }
    clipped_rows.retain(|&i| i < rows.len());
    if header_column.is_none() && !rows.iter().any(|r| r.get(email_column).is_some_and(|c| looks_like_address(c))) {
        return Err(ReadError::NoEmailColumn);
    }
    Ok(Table { columns, has_header, email_column, delimiter, rows, clipped_rows, notes })
}

/// How many columns hold mostly addresses (over the first thousand rows).
fn address_columns(rows: &[Vec<String>]) -> usize {
    let sample = &rows[..rows.len().min(1000)];
    let width = sample.iter().map(Vec::len).max().unwrap_or(0);
    (0..width)
        .filter(|&c| {
            let filled = sample.iter().filter(|r| r.get(c).is_some_and(|cell| !cell.is_empty())).count();
            let addresses = sample.iter().filter(|r| r.get(c).is_some_and(|cell| looks_like_address(cell))).count();
            addresses > 0 && addresses * 2 >= filled
        })
        .count()
}

/// The column where most of the first thousand rows' cells look like addresses.
fn content_column(rows: &[Vec<String>]) -> Option<usize> {
    let width = rows.iter().take(1000).map(Vec::len).max().unwrap_or(0);
    (0..width)
        .map(|c| (c, rows.iter().take(1000).filter(|r| r.get(c).is_some_and(|cell| looks_like_address(cell))).count()))
        .filter(|&(_, n)| n > 0)
        .max_by_key(|&(c, n)| (n, std::cmp::Reverse(c)))
        .map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pasted_list_is_one_address_a_line() {
        let t = read(b"maria@acme.com\r\n\r\ntom@example.org\n  lily@x-lighting.com  \n").unwrap();
        assert_eq!(t.delimiter, None);
        assert!(!t.has_header);
        assert_eq!(t.columns, ["email"]);
        assert_eq!(t.rows, [["maria@acme.com"], ["tom@example.org"], ["lily@x-lighting.com"]]);
    }

    #[test]
    fn csv_with_a_header_keeps_every_column_and_finds_the_email_one_by_name() {
        let t = read("\u{feff}Name,Company,E-mail Address,Phone\r\n\"Rossi, Maria\",Acme,maria@acme.com,123\r\nTom,\"Big \"\"Co\"\"\",tom@example.org,\r\n".as_bytes()).unwrap();
        assert_eq!(t.delimiter, Some(','));
        assert!(t.has_header);
        assert_eq!(t.email_column, 2);
        assert_eq!(t.columns, ["Name", "Company", "E-mail Address", "Phone"]);
        assert_eq!(t.rows[0], ["Rossi, Maria", "Acme", "maria@acme.com", "123"]);
        assert_eq!(t.rows[1], ["Tom", "Big \"Co\"", "tom@example.org", ""]);
    }

    #[test]
    fn chinese_headers_semicolons_and_tabs() {
        let t = read("姓名;公司;邮箱\n王伟;华为;wang@huawei.com\n".as_bytes()).unwrap();
        assert_eq!((t.delimiter, t.email_column, t.has_header), (Some(';'), 2, true));
        let t = read("联系人\t电子邮件\n李娜\tli@163.com\n".as_bytes()).unwrap();
        assert_eq!((t.delimiter, t.email_column), (Some('\t'), 1));
    }

    #[test]
    fn addresses_pasted_side_by_side_become_one_a_row() {
        let t = read("Maria Rossi <maria@acme.com>; tom@example.org;\nlily@x-lighting.com\n".as_bytes()).unwrap();
        assert_eq!(t.columns, ["email"]);
        assert_eq!(t.rows, [["Maria Rossi <maria@acme.com>"], ["tom@example.org"], ["lily@x-lighting.com"]]);
    }

    #[test]
    fn without_a_header_the_column_is_found_by_content() {
        let t = read(b"Maria,maria@acme.com\nTom,tom@example.org\nLily,not-an-address\n").unwrap();
        assert_eq!((t.email_column, t.has_header, t.rows.len()), (1, false, 3));
        let t = read(b"Name,Contact\nMaria,maria@acme.com\n").unwrap();
        assert_eq!((t.email_column, t.has_header), (1, true), "a first row without an address is a header");
    }

    #[test]
    #[cfg(feature = "list-encodings")]
    fn gb18030_is_decoded_and_said() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("姓名,邮箱\n王伟,wang@163.com\n");
        let t = read(&bytes).unwrap();
        assert_eq!(t.columns, ["姓名", "邮箱"]);
        assert_eq!(t.rows, [["王伟", "wang@163.com"]]);
        assert_eq!(t.notes, [ReadNote::Decoded { encoding: "GB18030".into(), lossy: false }]);
        assert!(t.notes[0].message(Lang::ZhCn).contains("GB18030"));
    }

    #[test]
    fn utf16_with_a_bom_and_text_the_host_decoded() {
        let text = "邮箱\r\nwang@163.com\r\n";
        let le: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let be: Vec<u8> = [0xFE, 0xFF].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect();
        for (bytes, name) in [(le, "UTF-16LE"), (be, "UTF-16BE")] {
            let t = read(&bytes).unwrap();
            assert_eq!(
                (t.columns.clone(), t.rows.clone()),
                (vec!["邮箱".to_string()], vec![vec!["wang@163.com".to_string()]])
            );
            assert_eq!(t.notes, [ReadNote::Decoded { encoding: name.into(), lossy: false }]);
        }
        let t = read_decoded(text.as_bytes(), Some("GB18030")).unwrap();
        assert_eq!(t.notes, [ReadNote::Decoded { encoding: "GB18030".into(), lossy: false }]);
    }

    #[test]
    fn binary_spreadsheets_and_lists_without_addresses_are_clear_errors() {
        assert_eq!(read(b"\x7fELF\x02\x01\x01\0\0\0\0\0"), Err(ReadError::Binary));
        assert_eq!(read(b"PK\x03\x04\x14\0\x06\0"), Err(ReadError::Spreadsheet));
        assert_eq!(read(b" \r\n\t"), Err(ReadError::Empty));
        assert_eq!(read(b"name,phone\nMaria,123\n"), Err(ReadError::NoEmailColumn));
        for e in [ReadError::Binary, ReadError::Spreadsheet, ReadError::Empty, ReadError::NoEmailColumn] {
            assert!(!e.message(Lang::En).is_empty() && !e.message(Lang::ZhCn).is_empty());
        }
    }

    #[test]
    fn an_unclosed_quote_does_not_swallow_the_list_silently() {
        let t = read(b"name,email\n\"Maria,maria@acme.com\ntom,tom@example.org\n").unwrap();
        // The csv crate reads the open quote to the end of the file as one field.
        assert!(t.rows.len() <= 2);
    }

    #[test]
    fn rows_at_the_limit_are_all_read_and_past_it_the_rest_is_noted() {
        let list = |n: usize| (0..n).map(|i| format!("u{i}@d{}.example\n", i % 7)).collect::<String>();
        let t = read(list(MAX_LIST_ROWS).as_bytes()).unwrap();
        assert_eq!(t.rows.len(), MAX_LIST_ROWS);
        assert!(t.notes.is_empty());
        let t = read(list(MAX_LIST_ROWS + 1).as_bytes()).unwrap();
        assert_eq!(t.rows.len(), MAX_LIST_ROWS);
        assert_eq!(t.notes, [ReadNote::TooManyRows { read: MAX_LIST_ROWS }]);
        let with_header = format!("email\n{}", list(MAX_LIST_ROWS));
        let t = read(with_header.as_bytes()).unwrap();
        assert_eq!((t.rows.len(), t.notes.len()), (MAX_LIST_ROWS, 0), "the header does not count");
    }

    #[test]
    fn fields_and_columns_at_and_past_their_limits() {
        let at = format!("email,note\na@b.example,{}\n", "x".repeat(MAX_LIST_FIELD_BYTES));
        let t = read(at.as_bytes()).unwrap();
        assert!(t.clipped_rows.is_empty());
        assert_eq!(t.rows[0][1].len(), MAX_LIST_FIELD_BYTES);
        let past = format!("email,note\na@b.example,{}\n", "x".repeat(MAX_LIST_FIELD_BYTES + 1));
        let t = read(past.as_bytes()).unwrap();
        assert_eq!(t.clipped_rows, [0]);
        assert_eq!(t.rows[0][1].len(), MAX_LIST_FIELD_BYTES);
        let wide = |n: usize| format!("email{}\na@b.example{}\n", ",h".repeat(n - 1), ",v".repeat(n - 1));
        let t = read(wide(MAX_LIST_COLUMNS).as_bytes()).unwrap();
        assert_eq!((t.columns.len(), t.notes.len()), (MAX_LIST_COLUMNS, 0));
        let t = read(wide(MAX_LIST_COLUMNS + 1).as_bytes()).unwrap();
        assert_eq!((t.columns.len(), t.notes.clone()), (MAX_LIST_COLUMNS, vec![ReadNote::TooManyColumns]));
    }

    #[test]
    fn bytes_past_the_limit_are_cut_at_a_line_end_and_noted() {
        let line = "someone@example.com\n";
        let n = MAX_LIST_BYTES / line.len();
        let at = line.repeat(n);
        assert!(at.len() <= MAX_LIST_BYTES);
        assert!(read(at.as_bytes()).unwrap().notes.iter().all(|n| !matches!(n, ReadNote::TooLarge { .. })));
        let past = line.repeat(n + 1);
        assert!(past.len() > MAX_LIST_BYTES);
        let t = read(past.as_bytes()).unwrap();
        assert!(t.notes.contains(&ReadNote::TooLarge { size: past.len() }));
        assert!(t.rows.iter().all(|r| r[0] == "someone@example.com"), "no row read half");
    }
}
