//! What a generation cost: the price table from settings, the estimate per sequence, and the
//! operator's summary by day (`coldcopy usage`).

use std::{collections::BTreeMap, fmt};

use crate::server::platform::db::{Db, ReadPool};

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

/// One saved sequence's figures, as both engines read them.
struct Raw {
    day: String,
    source: String,
    model: Option<String>,
    input_tokens: i64,
    output_tokens: i64,
    attempts: i64,
    first_email_ms: Option<i64>,
    duration_ms: i64,
    cost_usd_micros: Option<i64>,
}

/// Sequences saved in the last `days` days, by day (newest first), writer and model.
pub async fn summary(pool: &ReadPool, days: u32) -> Result<Vec<UsageRow>, sqlx::Error> {
    let since = i64::from(days) * 86_400;
    let rows: Vec<Raw> = match pool.db() {
        Db::Sqlite(pool) => {
            sqlx::query_as!(
                Raw,
                r#"SELECT date(created_at, 'unixepoch') AS "day!: String", source, model,
                      input_tokens, output_tokens, attempts, first_email_ms, duration_ms,
                      cost_usd_micros
               FROM sequences
               WHERE created_at >= unixepoch() - ?
               ORDER BY created_at"#,
                since
            )
            .fetch_all(pool)
            .await?
        }
        Db::Postgres(pool) => sqlx::query_as!(
            Raw,
            r#"SELECT to_char(to_timestamp(created_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS "day!",
                      source, model, input_tokens, output_tokens, attempts, first_email_ms,
                      duration_ms, cost_usd_micros
               FROM sequences
               WHERE created_at >= unixepoch() - $1
               ORDER BY created_at"#,
            since
        )
        .fetch_all(pool)
        .await?,
    };

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
    fn dollars_read_well() {
        assert_eq!(Dollars(6_900).to_string(), "$0.0069");
        assert_eq!(Dollars(1_234_567).to_string(), "$1.23");
        assert_eq!(Dollars(0).to_string(), "$0.00");
    }
}
