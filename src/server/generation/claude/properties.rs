//! Property tests: Claude's tool input of any shape is parsed or refused, and the stream reader
//! takes any event data, without panicking.

use proptest::prelude::*;
use serde_json::json;

use super::stream::MessageReader;
use super::wire::sequence_from_tool_input;

/// Any text, or text made of JSON's own characters (which gets further into a parser).
fn text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), r#"[{}\[\]":,.\\a-z0-9_ -]{0,60}"#]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn claude_tool_input_of_any_shape_is_parsed_or_refused(
        n in 0usize..9, step in any::<i64>(), day in any::<i64>(), s in text(), junk in text(),
    ) {
        let emails: Vec<_> = (0..n)
            .map(|_| json!({"step": step, "send_day": day, "subject_a": s, "subject_b": s, "body": s}))
            .collect();
        if let Ok(sequence) = sequence_from_tool_input(json!({ "emails": emails })) {
            prop_assert_eq!(sequence.emails.len(), n);
            let _ = sequence.check(n);
        }
        prop_assert!(sequence_from_tool_input(json!(junk)).is_err());
    }

    #[test]
    fn the_stream_reader_takes_any_event_data(events in proptest::collection::vec(text(), 0..12)) {
        let mut reader = MessageReader::new(5);
        for data in &events {
            if reader.feed(data).is_err() {
                break;
            }
        }
        let _ = reader.finish();
    }
}
