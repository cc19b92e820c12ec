//! A lead list's bytes read into headers and rows, as spreadsheets and the sending tools export
//! them: UTF-8 with or without a byte-order mark, UTF-16 (Excel's "Unicode text"), else
//! Windows-1252 (Excel's CSV on Windows); comma, semicolon or tab, whichever the header row
//! uses; quoted cells with newlines and doubled quotes (the `csv` crate). A file that is not
//! text (a workbook, a PDF, random bytes) is refused by what it is, before any decoding; the
//! hidden characters of every header and cell are removed (`domain::hidden`), each row noting
//! the columns that held some.

use encoding_rs::{Encoding, WINDOWS_1252};

use crate::domain::hidden;
use crate::domain::leads::{
    rows::Row,
    sniff::{self, NotText},
};

/// A list read from a file or pasted rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
}

/// Why a list could not be read, in words for the founder.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum ImportError {
    #[error("The list is empty: upload a CSV file or paste rows with a header row first.")]
    Empty,
    #[error("The list has a header row but no leads under it.")]
    NoRows,
    #[error(
        "The list has {rows} rows; one list may have at most {max}. Split it and upload each part."
    )]
    TooManyRows { rows: usize, max: usize },
    #[error("The list could not be read as CSV near line {line}: {reason}.")]
    Malformed { line: u64, reason: String },
    #[error("The file is not text: {0:?}.")]
    NotText(NotText),
}

/// Reads `bytes` as a CSV (or tab-separated) list with a header row.
pub(crate) fn read(bytes: &[u8], max_rows: usize) -> Result<Table, ImportError> {
    if let Some(kind) = sniff::by_signature(bytes) {
        return Err(ImportError::NotText(kind));
    }
    let text = decode(bytes);
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    if sniff::mostly_controls(text) {
        return Err(ImportError::NotText(NotText::Binary));
    }
    let delimiter = delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .trim(csv::Trim::None)
        .from_reader(text.as_bytes());
    let malformed = |err: csv::Error| ImportError::Malformed {
        line: err.position().map_or(1, csv::Position::line),
        reason: match err.kind() {
            csv::ErrorKind::Utf8 { .. } => "a cell is not text".into(),
            _ => "a quoted cell is not closed".into(),
        },
    };
    let headers: Vec<String> = reader
        .headers()
        .map_err(malformed)?
        .iter()
        .enumerate()
        .map(|(i, header)| {
            let header = hidden::cleaned(header);
            let header = header.trim();
            if header.is_empty() {
                format!("Column {}", i + 1)
            } else {
                header.to_owned()
            }
        })
        .collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(malformed)?;
        if rows.len() == max_rows {
            let more = 1 + reader.records().count();
            return Err(ImportError::TooManyRows {
                rows: max_rows + more,
                max: max_rows,
            });
        }
        // The line the record starts on, from its byte offset (the csv crate's own line count
        // differs between CRLF and LF files).
        let mut start = record
            .position()
            .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX))
            .min(text.len());
        // After a CRLF the offset is that of its LF: the record starts past it.
        while matches!(text.as_bytes().get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let line = text.as_bytes()[..start.min(text.len())]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64
            + 1;
        let mut row = Row {
            line,
            cells: Vec::with_capacity(record.len()),
            hidden: Vec::new(),
        };
        for (column, cell) in record.iter().enumerate() {
            let cleaned = hidden::clean(cell);
            if cleaned.removed > 0 {
                row.hidden.push(column);
            }
            row.cells.push(cleaned.text);
        }
        rows.push(row);
    }
    // A pasted block often ends in blank lines; they are not rows anyone meant.
    while rows
        .last()
        .is_some_and(|row| row.cells.iter().all(|c| c.trim().is_empty()))
    {
        rows.pop();
    }
    if rows.is_empty() {
        return Err(ImportError::NoRows);
    }
    Ok(Table { headers, rows })
}

/// The text of `bytes`: by its byte-order mark, else UTF-8 when it is valid, else
/// Windows-1252 (which maps every byte).
fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return encoding
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// The separator the header row uses most, outside quotes: comma, semicolon or tab.
fn delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(table: &Table) -> Vec<Vec<&str>> {
        table
            .rows
            .iter()
            .map(|row| row.cells.iter().map(String::as_str).collect())
            .collect()
    }

    #[test]
    fn excel_files_are_read() {
        // Windows-1252, semicolons, a quoted cell with a newline and a doubled quote, CRLF.
        let mut bytes = b"First Name;Email;Notes\r\n".to_vec();
        bytes.extend(
            b"Jos\xe9;jose@example.com;\"Spoke at \"\"FinOps Live\"\"\r\nin M\xfcnchen\"\r\n",
        );
        bytes.extend(b"Ana;ana@example.com;\r\n\r\n");
        let table = read(&bytes, 100).unwrap();
        assert_eq!(table.headers, ["First Name", "Email", "Notes"]);
        assert_eq!(
            cells(&table),
            [
                vec![
                    "José",
                    "jose@example.com",
                    "Spoke at \"FinOps Live\"\nin München"
                ],
                vec!["Ana", "ana@example.com", ""],
            ]
        );
        assert_eq!(table.rows[0].line, 2);
        assert_eq!(table.rows[1].line, 4, "the quoted newline counts as a line");

        // UTF-8 with a byte-order mark, tabs.
        let table = read(
            "\u{feff}email\tfirst_name\nzoë@example.com\tZoë\n".as_bytes(),
            100,
        )
        .unwrap();
        assert_eq!(table.headers, ["email", "first_name"]);
        assert_eq!(cells(&table), [vec!["zoë@example.com", "Zoë"]]);
        assert_eq!(table.rows[0].line, 2);

        // UTF-16 little-endian with its mark (Excel's "Unicode text").
        let mut utf16 = vec![0xff, 0xfe];
        for unit in "Email\tName\r\nli@example.com\t李\r\n".encode_utf16() {
            utf16.extend(unit.to_le_bytes());
        }
        let table = read(&utf16, 100).unwrap();
        assert_eq!(cells(&table), [vec!["li@example.com", "李"]]);
    }

    #[test]
    fn files_that_are_not_text_are_refused_by_what_they_are() {
        // An .xlsx: a ZIP whose entries are under xl/.
        let mut xlsx = b"PK\x03\x04\x14\x00\x06\x00\x08\x00[Content_Types].xml".to_vec();
        xlsx.extend(b"\x9c\xb4\x01PK\x03\x04xl/workbook.xml\xff\xfe");
        assert_eq!(read(&xlsx, 10), Err(ImportError::NotText(NotText::Xlsx)));
        // 2 KB of pseudo-random bytes (xorshift), which Windows-1252 would decode.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let random: Vec<u8> = (0..2048)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state.to_le_bytes()[0]
            })
            .collect();
        assert_eq!(
            read(&random, 10),
            Err(ImportError::NotText(NotText::Binary))
        );
        // The same without a single NUL byte: refused for its control characters.
        let no_nul: Vec<u8> = random.iter().map(|&b| b.max(1)).collect();
        assert_eq!(
            read(&no_nul, 10),
            Err(ImportError::NotText(NotText::Binary))
        );
    }

    #[test]
    fn hidden_characters_are_removed_and_their_columns_noted() {
        let table = read(
            "email,Company,Notes\na@b.co,Acme\u{200b},Raised \u{202e}A seireS\u{202c} in May\nc@d.co,Beta,ok\n"
                .as_bytes(),
            10,
        )
        .unwrap();
        assert_eq!(
            cells(&table),
            [
                vec!["a@b.co", "Acme", "Raised A seireS in May"],
                vec!["c@d.co", "Beta", "ok"]
            ]
        );
        assert_eq!(table.rows[0].hidden, [1, 2]);
        assert!(table.rows[1].hidden.is_empty());
    }

    #[test]
    fn unusable_lists_say_why() {
        assert_eq!(read(b"", 10), Err(ImportError::Empty));
        assert_eq!(read(b" \n\n", 10), Err(ImportError::Empty));
        assert_eq!(read(b"email,name\n", 10), Err(ImportError::NoRows));
        let many = "email\n".to_owned() + &"a@b.co\n".repeat(12);
        assert_eq!(
            read(many.as_bytes(), 10),
            Err(ImportError::TooManyRows { rows: 12, max: 10 })
        );
        assert_eq!(
            read(b"email,notes\na@b.co,ok\nc@d.co,\"never closed\n", 10).map(|t| t.rows.len()),
            Ok(2),
            "an unclosed quote runs to the end, as spreadsheets read it"
        );
        let table = read(b"email,,Notes\na@b.co,x,y\n", 10).unwrap();
        assert_eq!(table.headers, ["email", "Column 2", "Notes"]);
    }
}
