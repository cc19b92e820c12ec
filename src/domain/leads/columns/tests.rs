//! The columns' recognition and the mapping's checks.

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
