//! What an uploaded file is, when it is not a list of text: a spreadsheet's own format, a
//! document, an image, an archive or bytes. Windows-1252 decodes any bytes, so without this
//! an `.xlsx` or random bytes would read as a "list" of garbage rows.

/// A file that is not text, by what it is (the page says what to do with each).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotText {
    /// An Excel workbook (`.xlsx`, a ZIP holding `xl/`).
    Xlsx,
    /// An older Excel workbook (`.xls`) or another Office file (an OLE2 compound file).
    Xls,
    /// An OpenDocument spreadsheet (`.ods`).
    Ods,
    /// An Apple Numbers file.
    Numbers,
    /// A Word document (`.docx`).
    Word,
    Pdf,
    Image,
    /// A ZIP, gzip, 7-Zip or RAR archive.
    Archive,
    /// Bytes that are not text (NUL bytes, or many control characters).
    Binary,
}

impl NotText {
    pub const ALL: [NotText; 9] = [
        NotText::Xlsx,
        NotText::Xls,
        NotText::Ods,
        NotText::Numbers,
        NotText::Word,
        NotText::Pdf,
        NotText::Image,
        NotText::Archive,
        NotText::Binary,
    ];

    /// Its name in the refused upload's address (`?error=not_text&kind=xlsx`).
    pub fn slug(self) -> &'static str {
        match self {
            NotText::Xlsx => "xlsx",
            NotText::Xls => "xls",
            NotText::Ods => "ods",
            NotText::Numbers => "numbers",
            NotText::Word => "word",
            NotText::Pdf => "pdf",
            NotText::Image => "image",
            NotText::Archive => "archive",
            NotText::Binary => "binary",
        }
    }

    pub fn parse(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.slug() == slug)
    }

    /// What the file is and what to do, in `t`'s language.
    pub fn message(self, t: &crate::domain::i18n::Messages) -> &'static str {
        match self {
            NotText::Xlsx => t.upload_not_text_xlsx,
            NotText::Xls => t.upload_not_text_xls,
            NotText::Ods => t.upload_not_text_ods,
            NotText::Numbers => t.upload_not_text_numbers,
            NotText::Word => t.upload_not_text_word,
            NotText::Pdf => t.upload_not_text_pdf,
            NotText::Image => t.upload_not_text_image,
            NotText::Archive => t.upload_not_text_archive,
            NotText::Binary => t.upload_not_text_binary,
        }
    }
}

/// The share of control characters (other than tab and line breaks) above which decoded text
/// is taken for bytes: one in twenty. Random bytes give about one in seven; a real list a
/// stray few, which the import removes.
const MOST_CONTROLS_PER_20: usize = 1;

/// What `bytes` are by their first bytes (the file's signature), or `None` when they may be
/// text. A UTF-16 file (with its byte-order mark) is text, though it holds NUL bytes.
pub fn by_signature(bytes: &[u8]) -> Option<NotText> {
    let starts = |prefix: &[u8]| bytes.starts_with(prefix);
    let holds = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") {
        // A ZIP's entry names are plain bytes in its local headers.
        return Some(if holds(b"xl/") {
            NotText::Xlsx
        } else if holds(b"opendocument.spreadsheet") {
            NotText::Ods
        } else if holds(b"Index/Document.iwa") || holds(b"Index/Tables") {
            NotText::Numbers
        } else if holds(b"word/") {
            NotText::Word
        } else {
            NotText::Archive
        });
    }
    if starts(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") {
        return Some(NotText::Xls);
    }
    if starts(b"%PDF-") {
        return Some(NotText::Pdf);
    }
    let image = starts(b"\x89PNG\r\n\x1a\n")
        || starts(b"\xff\xd8\xff")
        || starts(b"GIF87a")
        || starts(b"GIF89a")
        || (starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP"));
    if image {
        return Some(NotText::Image);
    }
    if starts(b"\x1f\x8b") || starts(b"7z\xbc\xaf\x27\x1c") || starts(b"Rar!\x1a\x07") {
        return Some(NotText::Archive);
    }
    let utf16 = starts(b"\xff\xfe") || starts(b"\xfe\xff");
    if !utf16 && bytes.contains(&0) {
        return Some(NotText::Binary);
    }
    None
}

/// Whether decoded `text` has so many control characters that it was never text.
pub fn mostly_controls(text: &str) -> bool {
    let (mut chars, mut controls) = (0usize, 0usize);
    for c in text.chars() {
        chars += 1;
        if c.is_control() && !matches!(c, '\t' | '\r' | '\n') {
            controls += 1;
        }
    }
    controls > 0 && controls * 20 > chars * MOST_CONTROLS_PER_20
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_known_by_their_signature() {
        let zip = |name: &str| {
            let mut bytes = b"PK\x03\x04\x14\x00\x06\x00".to_vec();
            bytes.extend(name.as_bytes());
            bytes
        };
        assert_eq!(
            by_signature(&zip("[Content_Types].xml xl/workbook.xml")),
            Some(NotText::Xlsx)
        );
        assert_eq!(
            by_signature(&zip(
                "mimetypeapplication/vnd.oasis.opendocument.spreadsheet"
            )),
            Some(NotText::Ods)
        );
        assert_eq!(
            by_signature(&zip("Index/Document.iwa")),
            Some(NotText::Numbers)
        );
        assert_eq!(by_signature(&zip("word/document.xml")), Some(NotText::Word));
        assert_eq!(by_signature(&zip("leads.csv")), Some(NotText::Archive));
        assert_eq!(
            by_signature(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0"),
            Some(NotText::Xls)
        );
        assert_eq!(by_signature(b"%PDF-1.7\n"), Some(NotText::Pdf));
        assert_eq!(by_signature(b"\x89PNG\r\n\x1a\n\0\0"), Some(NotText::Image));
        assert_eq!(by_signature(b"\x1f\x8b\x08\0"), Some(NotText::Archive));
        assert_eq!(by_signature(b"email\0name\n"), Some(NotText::Binary));
        // Text, in any of the encodings the import reads.
        assert_eq!(by_signature(b"email,name\na@b.co,Ana\n"), None);
        assert_eq!(
            by_signature(b"\xff\xfee\0m\0"),
            None,
            "UTF-16 holds NUL bytes"
        );
        assert_eq!(by_signature(b"Jos\xe9;jose@example.com\n"), None);
        for kind in NotText::ALL {
            assert_eq!(NotText::parse(kind.slug()), Some(kind));
        }
    }

    #[test]
    fn text_full_of_controls_is_not_a_list() {
        assert!(mostly_controls("a\u{1}b\u{2}c\u{3}d\u{4}e\u{5}"));
        assert!(!mostly_controls("email,name\na@b.co,Ana\u{7}\n"));
        assert!(!mostly_controls("email\tname\r\na@b.co\tAna\r\n"));
        let mut long = "email,notes\n".to_owned();
        long.push_str(&"a@b.co,Spoke at FinOps Live\n".repeat(40));
        long.push('\u{b}');
        assert!(
            !mostly_controls(&long),
            "a stray control in a long list is cleaned, not refused"
        );
    }
}
