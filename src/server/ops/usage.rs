//! What a generation cost: the price table from settings, the estimate per sequence, and the
//! operator's summary by day (`coldcopy usage`).

use std::{collections::BTreeMap, fmt};

use sqlx::SqlitePool;

/// Prices the server ships with (US dollars per million tokens, input / output), from
/// Anthropic's pricing page: Claude Haiku 4.5 $1 / $5, Sonnet 4.5 $3 / $15, Opus 4.5 $5 / $25.
pub const DEFAULT_PRICES: &str = "claude-haiku-4-5=1/5,claude-sonnet-4-5=3/15,claude-opus-4-5=5/25";

/// One model's price, in US dollars per million tokens.
#[derive(Debug, Clone, PartialEq)]
pub struct Price {
    /// Matches the model the API reports when it starts with this (`claude-haiku-4-5` matches
    /// `claude-haiku-4-5-20251001`).
    pub model: String,
    pub input_per_mtok: f64,
    pub output_per_mtok: f64,
}

/// `CLAUDE_PRICES`: `model=input/output,…` in dollars per million tokens.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceTable(Vec<Price>);

impl PriceTable {
    /// Parses `model=input/output` entries separated by commas.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let mut prices = Vec::new();
        for entry in raw.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let bad =
                || format!("`{entry}` is not `model=input/output` (dollars per million tokens)");
            let (model, rates) = entry.split_once('=').ok_or_else(bad)?;
            let (input, output) = rates.split_once('/').ok_or_else(bad)?;
            let rate = |raw: &str| {
                raw.trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|r| r.is_finite() && *r >= 0.0)
                    .ok_or_else(bad)
            };
            let model = model.trim();
            if model.is_empty() {
                return Err(bad());
            }
            prices.push(Price {
                model: model.to_owned(),
                input_per_mtok: rate(input)?,
                output_per_mtok: rate(output)?,
            });
        }
        Ok(Self(prices))
    }

    /// The price for `model`: the longest entry it starts with.
    pub fn price(&self, model: &str) -> Option<&Price> {
        self.0
            .iter()
            .filter(|p| model.starts_with(&p.model))
            .max_by_key(|p| p.model.len())
    }

    /// The estimated cost in millionths of a dollar, when the model has a price.
    pub fn cost_micros(&self, model: &str, input_tokens: u32, output_tokens: u32) -> Option<i64> {
        let price = self.price(model)?;
        // Dollars per million tokens is exactly micro-dollars per token.
        let micros = f64::from(input_tokens) * price.input_per_mtok
            + f64::from(output_tokens) * price.output_per_mtok;
        Some(micros.round() as i64)
    }
}

impl Default for PriceTable {
    fn default() -> Self {
        Self::parse(DEFAULT_PRICES).expect("the default price table parses")
    }
}

/// Micro-dollars as dollars, for people.
pub struct Dollars(pub i64);

impl fmt::Display for Dollars {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dollars = self.0 as f64 / 1_000_000.0;
        if self.0 != 0 && dollars.abs() < 0.01 {
            write!(f, "${dollars:.4}")
        } else {
            write!(f, "${dollars:.2}")
        }
    }
}

/// One day's sequences by one writer and model.
#[derive(Debug, Clone, PartialEq)]
pub struct UsageRow {
    /// `YYYY-MM-DD` (UTC).
    pub day: String,
    pub source: String,
    pub model: Option<String>,
    pub sequences: u64,
    pub input_tokens: u64,
    pub output_tokens: u64,
    /// Claude calls per sequence, on average.
    pub mean_attempts: f64,
    /// Median milliseconds from the start of writing to the first email (rows that have it).
    pub first_email_p50_ms: Option<i64>,
    /// Median milliseconds from the start of writing to the saved sequence.
    pub total_p50_ms: i64,
    /// Estimated cost of the priced sequences, in micro-dollars.
    pub cost_usd_micros: i64,
    /// Sequences written by a model with no price in the table.
    pub unpriced: u64,
}

/// Sequences saved in the last `days` days, by day (newest first), writer and model.
pub async fn summary(pool: &SqlitePool, days: u32) -> Result<Vec<UsageRow>, sqlx::Error> {
    let since = i64::from(days) * 86_400;
    let rows = sqlx::query!(
        r#"SELECT date(created_at, 'unixepoch') AS "day!: String", source, model,
                  input_tokens, output_tokens, attempts, first_email_ms, duration_ms,
                  cost_usd_micros
           FROM sequences
           WHERE created_at >= unixepoch() - ?
           ORDER BY created_at"#,
        since
    )
    .fetch_all(pool)
    .await?;

    #[derive(Default)]
    struct Group {
        input: u64,
        output: u64,
        attempts: u64,
        first: Vec<i64>,
        total: Vec<i64>,
        cost: i64,
        unpriced: u64,
    }
    let mut groups: BTreeMap<(String, String, Option<String>), Group> = BTreeMap::new();
    for row in rows {
        let group = groups
            .entry((row.day, row.source.clone(), row.model))
            .or_default();
        group.input += row.input_tokens.max(0) as u64;
        group.output += row.output_tokens.max(0) as u64;
        group.attempts += row.attempts.max(0) as u64;
        group.first.extend(row.first_email_ms);
        group.total.push(row.duration_ms);
        match row.cost_usd_micros {
            Some(cost) => group.cost += cost,
            None if row.source == "claude" => group.unpriced += 1,
            None => {}
        }
    }
    let mut summary: Vec<UsageRow> = groups
        .into_iter()
        .map(|((day, source, model), mut g)| {
            let sequences = g.total.len() as u64;
            UsageRow {
                day,
                source,
                model,
                sequences,
                input_tokens: g.input,
                output_tokens: g.output,
                mean_attempts: g.attempts as f64 / sequences as f64,
                first_email_p50_ms: median(&mut g.first),
                total_p50_ms: median(&mut g.total).unwrap_or(0),
                cost_usd_micros: g.cost,
                unpriced: g.unpriced,
            }
        })
        .collect();
    summary.sort_by(|a, b| b.day.cmp(&a.day).then(b.sequences.cmp(&a.sequences)));
    Ok(summary)
}

fn median(values: &mut [i64]) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    Some(values[values.len() / 2])
}

/// The summary as a plain-text table with a total line.
pub fn render(rows: &[UsageRow], days: u32) -> String {
    let seconds = |ms: i64| format!("{:.2} s", ms as f64 / 1000.0);
    let mut out = format!(
        "Sequences saved in the last {days} day(s); cost estimated from CLAUDE_PRICES.\n\n"
    );
    out.push_str(&format!(
        "{:<10}  {:<7}  {:<27}  {:>9}  {:>10}  {:>10}  {:>8}  {:>11}  {:>9}  {:>9}\n",
        "day",
        "writer",
        "model",
        "sequences",
        "tokens in",
        "tokens out",
        "attempts",
        "first email",
        "total",
        "est. cost"
    ));
    for row in rows {
        let cost = if row.source == "offline" {
            "-".to_owned()
        } else if row.unpriced > 0 {
            format!(
                "{} + {} unpriced",
                Dollars(row.cost_usd_micros),
                row.unpriced
            )
        } else {
            Dollars(row.cost_usd_micros).to_string()
        };
        out.push_str(&format!(
            "{:<10}  {:<7}  {:<27}  {:>9}  {:>10}  {:>10}  {:>8.2}  {:>11}  {:>9}  {:>9}\n",
            row.day,
            row.source,
            row.model.as_deref().unwrap_or("-"),
            row.sequences,
            row.input_tokens,
            row.output_tokens,
            row.mean_attempts,
            row.first_email_p50_ms.map_or("-".to_owned(), seconds),
            seconds(row.total_p50_ms),
            cost
        ));
    }
    let sequences: u64 = rows.iter().map(|r| r.sequences).sum();
    let cost: i64 = rows.iter().map(|r| r.cost_usd_micros).sum();
    out.push_str(&format!(
        "\ntotal: {sequences} sequence(s), {} in tokens, {} out tokens, estimated {}\n",
        rows.iter().map(|r| r.input_tokens).sum::<u64>(),
        rows.iter().map(|r| r.output_tokens).sum::<u64>(),
        Dollars(cost)
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn haiku_costs_one_and_five_dollars_per_million() {
        let table = PriceTable::default();
        assert_eq!(
            table.cost_micros("claude-haiku-4-5-20251001", 1_000_000, 0),
            Some(1_000_000)
        );
        assert_eq!(
            table.cost_micros("claude-haiku-4-5-20251001", 0, 1_000_000),
            Some(5_000_000)
        );
        // A typical five-email sequence: 900 tokens in, 1,200 out = $0.0009 + $0.006.
        assert_eq!(
            table.cost_micros("claude-haiku-4-5", 900, 1_200),
            Some(6_900)
        );
        assert_eq!(table.cost_micros("gpt-4", 900, 1_200), None);
    }

    #[test]
    fn the_longest_matching_entry_wins_and_bad_tables_are_named() {
        let table = PriceTable::parse("claude=10/10, claude-haiku-4-5 = 1 / 5").unwrap();
        assert_eq!(
            table.price("claude-haiku-4-5-x").unwrap().input_per_mtok,
            1.0
        );
        assert_eq!(table.price("claude-other").unwrap().input_per_mtok, 10.0);
        for bad in ["haiku", "haiku=1", "=1/5", "haiku=one/5", "haiku=1/-5"] {
            let err = PriceTable::parse(bad).unwrap_err();
            assert!(err.contains("model=input/output"), "{bad}: {err}");
        }
    }

    #[test]
    fn dollars_read_well() {
        assert_eq!(Dollars(6_900).to_string(), "$0.0069");
        assert_eq!(Dollars(1_234_567).to_string(), "$1.23");
        assert_eq!(Dollars(0).to_string(), "$0.00");
    }
}
