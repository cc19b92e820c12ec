//! The inbox page's words, in both interface languages.

use crate::domain::i18n::Lang;

pub struct Text {
    pub title: &'static str,
    pub lead: &'static str,
    pub sign_in_first: &'static str,
    pub empty: &'static str,
    pub empty_filter: &'static str,
    pub corrected: &'static str,
    pub problem: &'static str,
    /// The filters, in `domain::inbox::FILTERS`' order.
    pub filters: [&'static str; 6],
    pub filters_label: &'static str,
    pub kinds: [(&'static str, &'static str); 8],
    pub summaries: [(&'static str, &'static str); 5],
    pub why: &'static str,
    /// By rule tag; `{detail}` is what exactly.
    pub reasons: [(&'static str, &'static str); 9],
    /// `{kind}`: what ColdCopy took it for before.
    pub was: &'static str,
    /// `{date}`.
    pub back_on: &'static str,
    pub back_in_a_week: &'static str,
    /// `{address}`.
    pub new_address: &'static str,
    pub no_lead: &'static str,
    pub correct_label: &'static str,
    pub fix: &'static str,
    pub summary_label: &'static str,
    pub no_summary: &'static str,
    pub correct_button: &'static str,
    pub empty_body: &'static str,
    pub answer_link: &'static str,
    pub answer_sent: &'static str,
    pub answered: &'static str,
    /// `{name}`.
    pub answer_title: &'static str,
    pub answer_lead: &'static str,
    pub their_message: &'static str,
    pub your_answer: &'static str,
    pub answer_hint: &'static str,
    pub send: &'static str,
    pub save: &'static str,
    pub saved: &'static str,
    pub sent_already: &'static str,
    pub back: &'static str,
    /// By `?problem=`.
    pub answer_problems: [(&'static str, &'static str); 8],
    pub instruction: &'static str,
    pub instruction_hint: &'static str,
    pub rewrite: &'static str,
    pub rewritten: &'static str,
    pub offline_note: &'static str,
}

const EN: Text = Text {
    title: "Inbox",
    lead: "What came back from your campaigns: replies, out-of-office answers, bounce reports and opt-outs, each with what ColdCopy took it for and why. Correct one and it takes effect at once.",
    sign_in_first: "Sign in to read what came back from your campaigns.",
    empty: "Nothing has come back yet. Replies, bounces and out-of-office answers to your campaigns appear here as your mailboxes receive them.",
    empty_filter: "Nothing of this kind.",
    corrected: "Corrected: the lead follows what you said.",
    problem: "That correction could not be made. Pick what the message is from the list.",
    filters: [
        "All",
        "Replies",
        "Out of office",
        "Bounces",
        "Opt-outs",
        "Other",
    ],
    filters_label: "Show",
    kinds: [
        ("reply", "Reply"),
        ("opt_out", "Opted out"),
        ("out_of_office", "Out of office"),
        ("left_company", "Left the company"),
        ("auto_reply", "Automatic reply"),
        ("bounce", "Bounced"),
        ("delay", "Delivery delayed"),
        ("unparsed", "Could not be read"),
    ],
    summaries: [
        ("interested", "Interested"),
        ("not_now", "Not now"),
        ("not_interested", "Not interested"),
        ("referral", "Referral"),
        ("question", "Question"),
    ],
    why: "Why:",
    reasons: [
        ("report", "a bounce report says {detail}"),
        ("report_text", "a mail server's notice says {detail}"),
        ("header", "its header marks it automatic ({detail})"),
        ("sender", "a mail system sent it ({detail})"),
        ("words", "it says \u{201c}{detail}\u{201d}"),
        (
            "list_unsubscribe",
            "sent with the unsubscribe link in your email's header",
        ),
        ("person", "a person wrote it, with no sign of a machine"),
        (
            "unreadable",
            "ColdCopy could not read it ({detail}); it is kept as it came",
        ),
        ("founder", "you corrected it"),
    ],
    was: "ColdCopy had taken it for: {kind}",
    back_on: "Back on {date}: the next email waits until the day after.",
    back_in_a_week: "No return date given: the next email waits a week.",
    new_address: "Gave another address: {address}",
    no_lead: "Not matched to a lead",
    correct_label: "This message is",
    fix: "Not right? Correct it",
    summary_label: "Summary",
    no_summary: "Not summarised",
    correct_button: "Correct",
    empty_body: "(no text)",
    answer_link: "Answer",
    answer_sent: "Answered",
    answered: "Your answer went in the same thread.",
    answer_title: "Answer {name}",
    answer_lead: "Your answer goes in the same thread, from the mailbox that wrote to them, and is filed in its Sent folder. Read the suggestion and make it yours before sending.",
    their_message: "Their message",
    your_answer: "Your answer",
    answer_hint: "Plain text, as your other emails. Up to 5,000 characters.",
    send: "Send the answer",
    save: "Save the draft",
    saved: "Draft saved.",
    sent_already: "This answer has gone. It reads:",
    back: "Back to the inbox",
    answer_problems: [
        ("empty", "Your answer: write something to send."),
        (
            "long",
            "Your answer: keep it under 5,000 characters. It was cut to fit and kept as a draft.",
        ),
        (
            "mailbox",
            "This message is from no lead of a campaign, so there is no mailbox to answer from.",
        ),
        (
            "refused",
            "The mail server did not take the answer; it is kept as a draft. Try again, or test the mailbox on the mailboxes page.",
        ),
        (
            "unconfirmed",
            "The connection broke as the answer was handed over: it may have gone. Look in your Sent folder before writing again.",
        ),
        (
            "instruction",
            "Instruction: say in a line, up to 200 characters, how to change the answer.",
        ),
        (
            "claude",
            "Claude could not rewrite the answer just now; it is kept as it was. Try again in a minute.",
        ),
        (
            "offline",
            "Rewriting by instruction needs Claude, and this installation has no ANTHROPIC_API_KEY: edit the answer yourself.",
        ),
    ],
    instruction: "Rewrite it",
    instruction_hint: "One line, such as \u{201c}shorter\u{201d} or \u{201c}propose Tuesday afternoon\u{201d}.",
    rewrite: "Rewrite with Claude",
    rewritten: "Rewritten by Claude: read it before sending.",
    offline_note: "Written by ColdCopy's offline composer (no ANTHROPIC_API_KEY is set): a plain acknowledgement to make your own.",
};

const ZH: Text = Text {
    title: "收件箱",
    lead: "营销活动收到的回音：回复、不在办公室的自动回复、退信报告和退订，每一封都写明系统把它当作什么、为什么。更正后立即生效。",
    sign_in_first: "登录后即可查看营销活动收到的回音。",
    empty: "还没有收到回音。您的邮箱收到的回复、退信和自动回复会出现在这里。",
    empty_filter: "没有这类邮件。",
    corrected: "已更正：这位潜在客户会按您说的处理。",
    problem: "无法更正。请从列表里选择这封邮件的类别。",
    filters: ["全部", "回复", "不在办公室", "退信", "退订", "其他"],
    filters_label: "显示",
    kinds: [
        ("reply", "回复"),
        ("opt_out", "已退订"),
        ("out_of_office", "不在办公室"),
        ("left_company", "已离职"),
        ("auto_reply", "自动回复"),
        ("bounce", "退信"),
        ("delay", "延迟投递"),
        ("unparsed", "无法解析"),
    ],
    summaries: [
        ("interested", "感兴趣"),
        ("not_now", "暂时不"),
        ("not_interested", "不感兴趣"),
        ("referral", "转介他人"),
        ("question", "提问"),
    ],
    why: "原因：",
    reasons: [
        ("report", "退信报告写明：{detail}"),
        ("report_text", "邮件服务器的通知写明：{detail}"),
        ("header", "邮件头标明为自动发送（{detail}）"),
        ("sender", "由邮件系统发出（{detail}）"),
        ("words", "其中写着\u{201c}{detail}\u{201d}"),
        ("list_unsubscribe", "通过您邮件头里的退订链接发出"),
        ("person", "由真人所写，没有自动发送的迹象"),
        ("unreadable", "系统无法解析（{detail}），已按原样保存"),
        ("founder", "由您更正"),
    ],
    was: "系统原先判断为：{kind}",
    back_on: "{date} 返回：下一封邮件会等到第二天再发。",
    back_in_a_week: "没有写明返回日期：下一封邮件等一周再发。",
    new_address: "给出了另一个地址：{address}",
    no_lead: "未对应到潜在客户",
    correct_label: "这封邮件是",
    fix: "判断有误？更正",
    summary_label: "概括",
    no_summary: "未概括",
    correct_button: "更正",
    empty_body: "（无正文）",
    answer_link: "回复",
    answer_sent: "已回复",
    answered: "您的回复已在同一个邮件线程中发出。",
    answer_title: "回复 {name}",
    answer_lead: "回复会从给对方发信的同一个邮箱、在同一个邮件线程中发出，并存入该邮箱的已发送文件夹。发送前请读一遍建议的回复，改成您自己的话。",
    their_message: "对方的来信",
    your_answer: "您的回复",
    answer_hint: "纯文本，和您的其他邮件一样。最多 5000 个字符。",
    send: "发送回复",
    save: "保存草稿",
    saved: "草稿已保存。",
    sent_already: "这封回复已经发出，内容如下：",
    back: "返回收件箱",
    answer_problems: [
        ("empty", "您的回复：请先写点内容再发送。"),
        (
            "long",
            "您的回复：请控制在 5000 个字符以内。超出部分已截去，并保存为草稿。",
        ),
        (
            "mailbox",
            "这封邮件不是营销活动中的潜在客户发来的，没有可以用来回复的邮箱。",
        ),
        (
            "refused",
            "邮件服务器没有接收这封回复，已保存为草稿。请重试，或在邮箱页面重新测试邮箱。",
        ),
        (
            "unconfirmed",
            "交出邮件时连接中断：可能已经发出。再写之前请先查看已发送文件夹。",
        ),
        (
            "instruction",
            "修改要求：请用一句话（不超过 200 个字符）说明怎么改。",
        ),
        ("claude", "Claude 暂时无法改写，回复保持原样。请稍后再试。"),
        (
            "offline",
            "按要求改写需要 Claude，而本站没有配置 Claude 的密钥：请自己修改回复。",
        ),
    ],
    instruction: "改写要求",
    instruction_hint: "一句话即可，例如\u{201c}更简短\u{201d}或\u{201c}约周二下午\u{201d}。",
    rewrite: "让 Claude 改写",
    rewritten: "Claude 已改写：发送前请读一遍。",
    offline_note: "由系统的离线写作器写成（未配置 Claude 的密钥）：只是一句简单的确认，请改成您自己的话。",
};

pub fn text(lang: Lang) -> &'static Text {
    match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    }
}

/// The label for `tag` in `pairs` (empty for an unknown tag).
pub fn label(pairs: &[(&'static str, &'static str)], tag: &str) -> &'static str {
    pairs
        .iter()
        .find(|(k, _)| *k == tag)
        .map_or("", |(_, v)| *v)
}
