//! One lead's first line, decided: Claude's line kept only when the grounding check passes
//! (asked once more with the reasons when it does not, then the neutral opener); without a
//! key, the offline composer's line from the lead's most specific sentence. A lead whose
//! columns hold nothing is "no signal" without any call.

use crate::domain::{
    form::SequenceRequest,
    hidden,
    leads::{LeadNote, LeadStatus, grounding, rows::LeadData},
    lint::text::{is_han, is_kana},
    prices::PriceTable,
    sequence::Sequence,
};
use crate::server::generation::claude::{
    ClaudeClient,
    first_line::{FirstLine, FirstLineReply},
};

use super::queue::Outcome;

pub(crate) use crate::domain::leads::context;

/// The outcome of a lead whose chosen columns are empty: no signal, without any call.
pub(crate) fn without_facts() -> Outcome {
    Outcome {
        status: LeadStatus::NoSignal,
        line: None,
        fact: None,
        note: Some(LeadNote::NoFacts),
        input_tokens: 0,
        output_tokens: 0,
        cost_usd_micros: 0,
    }
}

/// Decides one lead's line. `earlier`: why an earlier answer (a batch's) was refused; then
/// Claude is asked once more with those reasons, as after refusing its own first answer here.
pub(crate) async fn write(
    claude: Option<&ClaudeClient>,
    prices: &PriceTable,
    request: &SequenceRequest,
    sequence: &Sequence,
    lead: &LeadData,
    earlier: &[String],
) -> Outcome {
    if lead.facts.is_empty() {
        return without_facts();
    }
    let mut outcome = Outcome {
        note: None,
        ..without_facts()
    };
    let lead_text = lead.corpus();
    let context = context(request, sequence);
    let Some(claude) = claude else {
        if let Some((line, fact)) = offline_line(lead) {
            // A list stored before hidden characters were removed on import may still hold some.
            let (line, fact) = (hidden::cleaned(&line), hidden::cleaned(&fact));
            match grounding::check(&line, &fact, &lead_text, &context) {
                Ok(()) => {
                    outcome.status = LeadStatus::Written;
                    outcome.line = Some(line);
                    outcome.fact = Some(fact);
                }
                Err(problems) => outcome.note = Some(LeadNote::Refused { problems }),
            }
        }
        return outcome;
    };
    // What Claude is told when it is asked again (in English), and the last refusal's problems.
    let mut feedback: Vec<String> = earlier.to_vec();
    let mut problems = grounding::Problems::new();
    let asks = if earlier.is_empty() { 2 } else { 1 };
    for _ in 0..asks {
        let reply = match claude.first_line(request, sequence, lead, &feedback).await {
            Ok(reply) => reply,
            Err(failure) => {
                tracing::warn!(error = %failure.error, "a lead's first line failed");
                outcome.status = LeadStatus::Failed;
                outcome.note = Some(LeadNote::Unreachable);
                return outcome;
            }
        };
        add_cost(&mut outcome, prices, &reply);
        match reply.answer {
            FirstLine::NoSignal => {
                outcome.status = LeadStatus::NoSignal;
                outcome.note = Some(LeadNote::NothingSpecific);
                return outcome;
            }
            FirstLine::Line { line, fact } => {
                match grounding::check(&line, &fact, &lead_text, &context) {
                    Ok(()) => {
                        outcome.status = LeadStatus::Written;
                        outcome.line = Some(line);
                        outcome.fact = Some(fact);
                        outcome.note = None;
                        return outcome;
                    }
                    Err(found) => {
                        feedback = found.iter().map(ToString::to_string).collect();
                        problems = found;
                    }
                }
            }
        }
    }
    outcome.status = LeadStatus::Failed;
    outcome.note = Some(LeadNote::Refused { problems });
    outcome
}

fn add_cost(outcome: &mut Outcome, prices: &PriceTable, reply: &FirstLineReply) {
    outcome.input_tokens += reply.input_tokens;
    outcome.output_tokens += reply.output_tokens;
    outcome.cost_usd_micros += prices
        .cost_micros(&reply.model, reply.input_tokens, reply.output_tokens)
        .unwrap_or(0);
}

/// The offline composer: the lead's most specific sentence (the most numbers and names), as
/// the fact, and a line that states it; `None` when no sentence has a number or a name.
pub(crate) fn offline_line(lead: &LeadData) -> Option<(String, String)> {
    let mut best: Option<(usize, String)> = None;
    for (_, value) in &lead.facts {
        for sentence in sentences(value) {
            let words = sentence.split_whitespace().count();
            if !(3..=28).contains(&words)
                || sentence.contains('?')
                || sentence.contains("{{")
                || label_only(&sentence)
                || sentence.chars().any(|c| is_han(c) || is_kana(c))
            {
                continue;
            }
            let score = specifics(&sentence);
            if score > 0 && best.as_ref().is_none_or(|(top, _)| score > *top) {
                best = Some((score, sentence));
            }
        }
    }
    let (_, fact) = best?;
    let stated = fact.trim_end_matches(['.', '!', ';', ',', ':']);
    let line = if lead.company.is_empty() {
        format!("One thing stood out in what I read: {stated}.")
    } else {
        format!("One thing stood out about {}: {stated}.", lead.company)
    };
    grounding::lint_line(&line)
        .is_empty()
        .then_some((line, fact))
}

/// A column's label rather than a sentence ("Hospital & Health Care", "Series B SaaS"): no word
/// after the first starts with a small letter. Restating it says nothing about the lead.
fn label_only(sentence: &str) -> bool {
    !sentence
        .split_whitespace()
        .skip(1)
        .any(|word| word.chars().next().is_some_and(char::is_lowercase))
}

/// A cell's sentences (split at `.`, `!`, `?` followed by a space, and at line breaks).
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut current = String::new();
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            current.push(c);
            if matches!(c, '.' | '!' | '?') && chars.peek().is_none_or(|n| n.is_whitespace()) {
                let sentence = current.trim().to_owned();
                if !sentence.is_empty() {
                    out.push(sentence);
                }
                current.clear();
            }
        }
        let sentence = current.trim().to_owned();
        if !sentence.is_empty() {
            out.push(sentence);
        }
    }
    out
}

/// How many numbers and names (capitalised words after the first) a sentence has.
fn specifics(sentence: &str) -> usize {
    sentence
        .split_whitespace()
        .enumerate()
        .filter(|(i, word)| {
            word.chars().any(|c| c.is_ascii_digit())
                || (*i > 0 && word.chars().next().is_some_and(char::is_uppercase))
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lead(facts: &[(&str, &str)]) -> LeadData {
        LeadData {
            email: "ana@acme.io".into(),
            first_name: "Ana".into(),
            company: "Acme".into(),
            facts: facts
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            ..LeadData::default()
        }
    }

    #[test]
    fn the_offline_line_states_the_most_specific_sentence() {
        let lead = lead(&[
            ("Notes", "Nice team. They care about finance."),
            (
                "Funding",
                "Raised a $12M Series A led by Index Ventures in May.",
            ),
        ]);
        let (line, fact) = offline_line(&lead).unwrap();
        assert_eq!(fact, "Raised a $12M Series A led by Index Ventures in May.");
        assert_eq!(
            line,
            "One thing stood out about Acme: Raised a $12M Series A led by Index Ventures in May."
        );
        assert_eq!(grounding::check(&line, &fact, &lead.corpus(), ""), Ok(()));
    }

    #[test]
    fn a_label_or_a_sentence_in_another_language_is_not_a_line() {
        // Restating the industry column says nothing about the lead.
        assert_eq!(
            offline_line(&lead(&[("Industry", "Hospital & Health Care")])),
            None
        );
        // The offline composer writes English: a Chinese sentence is not quoted into it.
        assert_eq!(
            offline_line(&lead(&[(
                "Notes",
                "公司在 2026 年 5 月完成了 1200 万美元 A 轮融资。"
            )])),
            None
        );
        // A real sentence beside the label still makes the line.
        let (_, fact) = offline_line(&lead(&[
            ("Industry", "Hospital & Health Care"),
            ("Notes", "Opened 3 clinics in Porto this spring."),
        ]))
        .unwrap();
        assert_eq!(fact, "Opened 3 clinics in Porto this spring.");
    }

    #[test]
    fn nothing_specific_gives_no_offline_line() {
        assert_eq!(
            offline_line(&lead(&[("Notes", "great people, cares about growth")])),
            None
        );
        assert_eq!(offline_line(&lead(&[])), None);
    }
}
