//! A lead list's columns: which header holds what, whatever its spelling, and the founder's
//! confirmed choice of columns ([`Mapping`]).

use serde::{Deserialize, Serialize};

use crate::domain::error::FieldError;
use crate::domain::i18n::{Messages, fill};

/// A column ColdCopy reads by meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Field {
    Email,
    FirstName,
    LastName,
    Company,
    Title,
    Website,
}

impl Field {
    pub const ALL: [Field; 6] = [
        Field::Email,
        Field::FirstName,
        Field::LastName,
        Field::Company,
        Field::Title,
        Field::Website,
    ];

    /// The form field's name (`col_email`, …) and the key in stored leads.
    pub fn key(self) -> &'static str {
        match self {
            Field::Email => "email",
            Field::FirstName => "first_name",
            Field::LastName => "last_name",
            Field::Company => "company",
            Field::Title => "title",
            Field::Website => "website",
        }
    }

    pub fn label(self, t: &Messages) -> &'static str {
        match self {
            Field::Email => t.lead_field_email,
            Field::FirstName => t.lead_field_first_name,
            Field::LastName => t.lead_field_last_name,
            Field::Company => t.lead_field_company,
            Field::Title => t.lead_field_title,
            Field::Website => t.lead_field_website,
        }
    }

    /// The spellings (lower case, letters and digits only, accents dropped: see [`squash`]) the
    /// sending tools and spreadsheets use for this column, in English, German, French, Spanish,
    /// Portuguese, Italian, Dutch and Chinese (simplified and traditional).
    fn spellings(self) -> &'static [&'static str] {
        match self {
            Field::Email => &[
                "email",
                "emailaddress",
                "workemail",
                "businessemail",
                "primaryemail",
                "contactemail",
                "email1",
                "mail",
                "emails",
                "personemail",
                // de, fr, es, pt, it, nl
                "emailadresse",
                "mailadresse",
                "courriel",
                "adresseemail",
                "adressemail",
                "correo",
                "correoelectronico",
                "enderecodeemail",
                "indirizzoemail",
                "postaelettronica",
                "emailadres",
                // zh
                "邮箱",
                "电子邮箱",
                "电子邮件",
                "邮件",
                "邮箱地址",
                "电子邮件地址",
                "郵箱",
                "電子郵件",
                "電郵",
            ],
            Field::FirstName => &[
                "firstname",
                "first",
                "fname",
                "givenname",
                "prenom",
                "vorname",
                "nombre",
                "primernombre",
                "nome",
                "primeironome",
                "voornaam",
                "名",
                "名字",
            ],
            Field::LastName => &[
                "lastname",
                "last",
                "lname",
                "surname",
                "familyname",
                "nom",
                "nomdefamille",
                "nachname",
                "familienname",
                "apellido",
                "apellidos",
                "sobrenome",
                "apelido",
                "cognome",
                "achternaam",
                "姓",
                "姓氏",
            ],
            Field::Company => &[
                "company",
                "companyname",
                "organization",
                "organisation",
                "organizationname",
                "account",
                "accountname",
                "employer",
                "currentcompany",
                "firma",
                "firmenname",
                "unternehmen",
                "societe",
                "entreprise",
                "empresa",
                "compania",
                "nombredelaempresa",
                "nomedaempresa",
                "azienda",
                "societa",
                "bedrijf",
                "bedrijfsnaam",
                "公司",
                "公司名称",
                "企业",
                "单位",
                "公司名",
            ],
            Field::Title => &[
                "title",
                "jobtitle",
                "position",
                "role",
                "designation",
                "currenttitle",
                "currentposition",
                "titel",
                "berufsbezeichnung",
                "funktion",
                "poste",
                "fonction",
                "titre",
                "cargo",
                "puesto",
                "titulo",
                "ruolo",
                "posizione",
                "qualifica",
                "functie",
                "functietitel",
                "职位",
                "职务",
                "头衔",
                "职称",
                "職位",
                "職稱",
            ],
            Field::Website => &[
                "website",
                "companywebsite",
                "domain",
                "companydomain",
                "url",
                "websiteurl",
                "site",
                "companyurl",
                "web",
                "webseite",
                "internetseite",
                "siteweb",
                "siteinternet",
                "sitioweb",
                "paginaweb",
                "sitio",
                "sitoweb",
                "网站",
                "官网",
                "公司网站",
                "網站",
            ],
        }
    }

    /// The field a header names, whatever its case, spaces or punctuation
    /// (`First Name`, `first_name`, `firstName`).
    pub fn recognise(header: &str) -> Option<Field> {
        let key = squash(header);
        Field::ALL
            .into_iter()
            .find(|field| field.spellings().contains(&key.as_str()))
    }
}

/// A header in lower case with only its letters and digits, Latin accents dropped:
/// `First Name` → `firstname`, `Prénom` → `prenom`, `Straße` → `strasse`.
fn squash(header: &str) -> String {
    let mut key = String::with_capacity(header.len());
    for c in header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
    {
        match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => key.push('a'),
            'ç' => key.push('c'),
            'è' | 'é' | 'ê' | 'ë' => key.push('e'),
            'ì' | 'í' | 'î' | 'ï' => key.push('i'),
            'ñ' => key.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' => key.push('o'),
            'ù' | 'ú' | 'û' | 'ü' => key.push('u'),
            'ß' => key.push_str("ss"),
            c => key.push(c),
        }
    }
    key
}

/// Whether a header sounds like something the founder knows about the lead (notes, a company
/// description, keywords, technologies, funding, a recent post…): preselected as a fact column.
pub fn sounds_like_fact(header: &str) -> bool {
    const HINTS: &[&str] = &[
        "note",
        "description",
        "about",
        "summary",
        "keyword",
        "technolog",
        "techstack",
        "funding",
        "raised",
        "post",
        "news",
        "headline",
        "bio",
        "industry",
        "recent",
        "hiring",
        "event",
        "podcast",
        "article",
        "blog",
        "signal",
        "trigger",
        "award",
        "launch",
        // de: Notizen, Anmerkungen, Beschreibung, Bemerkung, Kommentar, Branche, Finanzierung
        "notiz",
        "anmerkung",
        "beschreibung",
        "bemerkung",
        "kommentar",
        "branche",
        "finanzierung",
        // fr: remarques, commentaires, secteur, levée de fonds, actualités
        "remarque",
        "commentaire",
        "secteur",
        "leveedefonds",
        "actualite",
        // es, pt, it: notas, observaciones/observações, descripción/descrição/descrizione,
        // comentarios, sector/setor/settore, financiación
        "nota",
        "observac",
        "descri",
        "comentario",
        "setor",
        "sector",
        "settore",
        "financiacion",
        // nl: notities, opmerkingen, beschrijving, sector
        "notitie",
        "opmerking",
        "beschrijving",
        // zh: 备注, 描述, 简介, 说明, 笔记, 行业, 融资, 新闻, 动态 (and traditional forms)
        "备注",
        "描述",
        "简介",
        "说明",
        "笔记",
        "行业",
        "融资",
        "新闻",
        "动态",
        "備註",
        "簡介",
        "行業",
    ];
    let key = squash(header);
    Field::recognise(header).is_none() && HINTS.iter().any(|hint| key.contains(hint))
}

/// Which column holds what: indexes into the list's headers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    pub email: Option<usize>,
    pub first_name: Option<usize>,
    pub last_name: Option<usize>,
    pub company: Option<usize>,
    pub title: Option<usize>,
    pub website: Option<usize>,
    /// The columns that hold what the founder knows about each lead, in the list's order.
    pub facts: Vec<usize>,
}

impl Mapping {
    /// The mapping the headers suggest: the first header that names each field, and every
    /// header that sounds like a fact.
    pub fn guess(headers: &[String]) -> Mapping {
        let mut mapping = Mapping::default();
        for (index, header) in headers.iter().enumerate() {
            if let Some(field) = Field::recognise(header) {
                let slot = mapping.slot(field);
                if slot.is_none() {
                    *slot = Some(index);
                }
            } else if sounds_like_fact(header) {
                mapping.facts.push(index);
            }
        }
        mapping
    }

    pub fn column(&self, field: Field) -> Option<usize> {
        match field {
            Field::Email => self.email,
            Field::FirstName => self.first_name,
            Field::LastName => self.last_name,
            Field::Company => self.company,
            Field::Title => self.title,
            Field::Website => self.website,
        }
    }

    fn slot(&mut self, field: Field) -> &mut Option<usize> {
        match field {
            Field::Email => &mut self.email,
            Field::FirstName => &mut self.first_name,
            Field::LastName => &mut self.last_name,
            Field::Company => &mut self.company,
            Field::Title => &mut self.title,
            Field::Website => &mut self.website,
        }
    }

    /// Whether the lead's data is taken from `column` (a field's or a fact's).
    pub fn uses(&self, column: usize) -> bool {
        Field::ALL
            .into_iter()
            .any(|field| self.column(field) == Some(column))
            || self.facts.contains(&column)
    }

    /// Sets `field` to the column a form sent (`""` for none, else the column's index).
    pub fn set(&mut self, field: Field, column: Option<usize>) {
        *self.slot(field) = column;
    }

    /// The mapping's problems for a list with these headers, each naming the form field.
    pub fn check(&self, headers: &[String], t: &Messages) -> Result<(), Vec<FieldError>> {
        let mut problems = Vec::new();
        let problem = |field: String, message: String| FieldError { field, message };
        if self.email.is_none() {
            problems.push(problem("col_email".into(), t.mapping_no_email.to_owned()));
        }
        for field in Field::ALL {
            let Some(column) = self.column(field) else {
                continue;
            };
            if column >= headers.len() {
                problems.push(problem(
                    format!("col_{}", field.key()),
                    fill(
                        t.mapping_no_such_column,
                        &[("field", &field.label(t)), ("column", &(column + 1))],
                    ),
                ));
            } else if let Some(other) = Field::ALL
                .into_iter()
                .take_while(|other| *other != field)
                .find(|other| self.column(*other) == Some(column))
            {
                problems.push(problem(
                    format!("col_{}", field.key()),
                    fill(
                        t.mapping_taken,
                        &[
                            ("field", &field.label(t)),
                            ("column", &headers[column]),
                            ("other", &other.label(t)),
                        ],
                    ),
                ));
            }
        }
        if self.facts.iter().any(|&column| column >= headers.len()) {
            problems.push(problem("facts".into(), t.mapping_no_such_fact.to_owned()));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|name| (*name).to_owned()).collect()
    }

    #[test]
    fn headers_are_recognised_whatever_their_spelling() {
        for spelling in [
            "First Name",
            "first_name",
            "firstName",
            "FIRST-NAME",
            " first name ",
        ] {
            assert_eq!(
                Field::recognise(spelling),
                Some(Field::FirstName),
                "{spelling}"
            );
        }
        assert_eq!(Field::recognise("E-mail Address"), Some(Field::Email));
        assert_eq!(Field::recognise("Company Name"), Some(Field::Company));
        assert_eq!(Field::recognise("Job Title"), Some(Field::Title));
        assert_eq!(Field::recognise("Company Website"), Some(Field::Website));
        assert_eq!(Field::recognise("Notes"), None);
    }

    #[test]
    fn headers_in_our_founders_languages_are_recognised() {
        let cases: &[(&[&str], Field)] = &[
            (
                &[
                    "E-Mail",
                    "Courriel",
                    "Correo electrónico",
                    "E-mail",
                    "Indirizzo email",
                    "E-mailadres",
                    "邮箱",
                    "电子邮件",
                ],
                Field::Email,
            ),
            (
                &[
                    "Vorname", "Prénom", "Nombre", "Nome", "Voornaam", "名", "名字",
                ],
                Field::FirstName,
            ),
            (
                &[
                    "Nachname",
                    "Nom",
                    "Apellidos",
                    "Sobrenome",
                    "Cognome",
                    "Achternaam",
                    "姓",
                    "姓氏",
                ],
                Field::LastName,
            ),
            (
                &[
                    "Firma",
                    "Unternehmen",
                    "Société",
                    "Entreprise",
                    "Empresa",
                    "Compañía",
                    "Azienda",
                    "Bedrijf",
                    "公司",
                    "公司名称",
                ],
                Field::Company,
            ),
            (
                &[
                    "Position",
                    "Berufsbezeichnung",
                    "Poste",
                    "Fonction",
                    "Cargo",
                    "Puesto",
                    "Ruolo",
                    "Functie",
                    "职位",
                    "职务",
                ],
                Field::Title,
            ),
            (
                &[
                    "Webseite",
                    "Site web",
                    "Sitio web",
                    "Sito web",
                    "网站",
                    "官网",
                ],
                Field::Website,
            ),
        ];
        for (spellings, field) in cases {
            for spelling in *spellings {
                assert_eq!(Field::recognise(spelling), Some(*field), "{spelling}");
            }
        }
        for fact in [
            "Notizen",
            "Anmerkungen",
            "Beschreibung",
            "Remarques",
            "Commentaires",
            "Notas",
            "Observaciones",
            "Observações",
            "Descripción",
            "Descrição",
            "Note",
            "Descrizione",
            "Notities",
            "Opmerkingen",
            "备注",
            "描述",
            "简介",
            "行业",
        ] {
            assert!(sounds_like_fact(fact), "{fact}");
        }
    }

    #[test]
    fn a_german_excel_list_is_mapped_whole() {
        let list = headers(&[
            "Vorname", "Nachname", "E-Mail", "Firma", "Position", "Notizen",
        ]);
        let mapping = Mapping::guess(&list);
        assert_eq!(
            (
                mapping.first_name,
                mapping.last_name,
                mapping.email,
                mapping.company,
                mapping.title
            ),
            (Some(0), Some(1), Some(2), Some(3), Some(4))
        );
        assert_eq!(mapping.facts, vec![5]);
        let chinese = headers(&["名", "姓", "邮箱", "公司", "职位", "备注"]);
        let mapping = Mapping::guess(&chinese);
        assert_eq!(
            (
                mapping.first_name,
                mapping.last_name,
                mapping.email,
                mapping.company,
                mapping.title
            ),
            (Some(0), Some(1), Some(2), Some(3), Some(4))
        );
        assert_eq!(mapping.facts, vec![5]);
    }

    #[test]
    fn a_guess_takes_the_first_column_per_field_and_the_fact_columns() {
        let list = headers(&[
            "Email",
            "First Name",
            "Last Name",
            "Company",
            "Title",
            "Notes",
            "Latest Funding",
            "Technologies",
            "Secondary Email",
            "Phone",
        ]);
        let mapping = Mapping::guess(&list);
        assert_eq!(mapping.email, Some(0));
        assert_eq!(mapping.first_name, Some(1));
        assert_eq!(mapping.title, Some(4));
        assert_eq!(mapping.website, None);
        assert_eq!(mapping.facts, vec![5, 6, 7]);
        assert_eq!(
            mapping.check(&list, crate::domain::i18n::Lang::En.t()),
            Ok(())
        );
    }

    #[test]
    fn a_mapping_names_what_is_wrong() {
        let list = headers(&["Work email", "Name"]);
        let mut mapping = Mapping::guess(&list);
        mapping.email = None;
        mapping.company = Some(1);
        mapping.title = Some(1);
        mapping.facts = vec![7];
        let problems = mapping
            .check(&list, crate::domain::i18n::Lang::En.t())
            .unwrap_err();
        let fields: Vec<_> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["col_email", "col_title", "facts"]);
        assert!(
            problems[1].message.contains("already chosen for Company"),
            "{problems:?}"
        );
    }
}
