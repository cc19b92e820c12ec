//! The campaigns pages' words, in each interface language (server-rendered only: kept out of the
//! islands' catalogue).

use crate::domain::campaign::{CampaignStatus, LeadState};
use crate::domain::i18n::Lang;

pub(super) struct Text {
    pub eyebrow: &'static str,
    pub title: &'static str,
    pub lead: &'static str,
    pub sign_in_first: &'static str,
    pub none_yet: &'static str,
    pub new_campaign: &'static str,
    pub suppressions_link: &'static str,
    pub inbox_link: &'static str,
    /// `{leads}`, `{sent}`, `{replied}`.
    pub summary: &'static str,
    pub list: &'static str,
    /// Monday first.
    pub day_names: [&'static str; 7],
    pub start: &'static str,
    pub pause: &'static str,
    pub resume: &'static str,
    pub stop: &'static str,
    pub stop_lead: &'static str,
    pub settle_hint: &'static str,
    pub settle_arrived: &'static str,
    pub settle_again: &'static str,
    pub test: &'static str,
    pub test_hint: &'static str,
    /// `{n}`.
    pub tested: &'static str,
    pub problems: &'static [(&'static str, &'static str)],
    pub schedule: &'static str,
    pub limits: &'static str,
    /// `{cap}`, `{gap}`, `{jitter}`, `{new}`.
    pub limits_line: &'static str,
    /// `{start}`, `{step}`.
    pub ramp_line: &'static str,
    pub cap_warning: &'static str,
    pub today: &'static str,
    pub forecast: &'static str,
    pub forecast_note: &'static str,
    pub col_day: &'static str,
    pub col_first: &'static str,
    pub col_follow_ups: &'static str,
    /// `{sent}`, `{cap}`.
    pub sent_of: &'static str,
    pub paused_mailbox: &'static str,
    pub preview: &'static str,
    /// `{email}`.
    pub preview_for: &'static str,
    /// `{step}`, `{day}`.
    pub email_day: &'static str,
    pub no_preview: &'static str,
    /// `{tag}`, `{n}`.
    pub empty_tag: &'static str,
    pub leads: &'static str,
    pub col_variant: &'static str,
    pub col_sent: &'static str,
    /// `{step}`.
    pub step_n: &'static str,
    pub shown_first: &'static str,
    pub unsubscribe_title: &'static str,
    /// `{email}`.
    pub unsubscribe_ask: &'static str,
    pub unsubscribe_button: &'static str,
    /// `{email}`.
    pub unsubscribed: &'static str,
    pub unsubscribe_invalid: &'static str,
    /// A lead's note by its code (`server/campaigns/sender.rs`); other notes are the server's
    /// own words, shown as they are.
    pub notes: &'static [(&'static str, &'static str)],
    /// `{tags}`.
    pub tags_note: &'static str,
    pub statuses: [&'static str; 5],
    pub states: [&'static str; 8],
}

impl Text {
    pub fn status(&self, status: CampaignStatus) -> &'static str {
        self.statuses[status as usize]
    }

    pub fn state(&self, state: LeadState) -> &'static str {
        self.states[state as usize]
    }

    /// A lead's note in words: a known code's, else the server's own.
    pub fn note(&self, note: &str) -> String {
        if let Some(tags) = note.strip_prefix("tags:") {
            return crate::domain::i18n::fill(self.tags_note, &[("tags", &tags)]);
        }
        self.notes
            .iter()
            .find(|(code, _)| *code == note)
            .map_or_else(|| note.to_owned(), |(_, words)| (*words).to_owned())
    }

    pub fn problem(&self, tag: &str) -> Option<&'static str> {
        self.problems
            .iter()
            .find(|(t, _)| *t == tag)
            .map(|(_, m)| *m)
    }
}

pub(super) fn text(lang: Lang) -> &'static Text {
    match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    }
}

const EN: Text = Text {
    eyebrow: "Sending",
    title: "Campaigns",
    lead: "Send a sequence to one of its lead lists from your own mailbox, on a schedule and within the limits you set. Follow-ups go in the same thread; nobody gets the same email twice.",
    sign_in_first: "Campaigns belong to an account: sign in first.",
    none_yet: "No campaign yet.",
    new_campaign: "New campaign",
    suppressions_link: "Suppression list",
    inbox_link: "Inbox: what came back",
    summary: "{leads} leads · {sent} emails sent · {replied} replied",
    list: "Lead list",
    day_names: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    start: "Start sending",
    pause: "Pause",
    resume: "Resume",
    stop: "Stop for good",
    stop_lead: "Stop",
    settle_hint: "Look for it in the mailbox's Sent folder: did it go?",
    settle_arrived: "It went",
    settle_again: "Send it again",
    test: "Send me a test",
    test_hint: "Every email of the preview, marked as a test, to your own address, from the campaign's first mailbox.",
    tested: "{n} test emails went to your address.",
    problems: &[
        (
            "plan",
            "Sending campaigns is part of the Pro plan. Drafts and tests are free.",
        ),
        (
            "public_url",
            "This server does not know its public address (PUBLIC_URL), so no email could carry its unsubscribe link. Nothing was started.",
        ),
        (
            "tags",
            "Some merge tags would go out empty: give them a value or a fallback first.",
        ),
        ("no_leads", "No lead of this campaign can be sent."),
        (
            "test",
            "The test could not be sent. Test the mailbox again on the mailboxes page.",
        ),
    ],
    schedule: "Schedule",
    limits: "Limits",
    limits_line: "Up to {cap} emails a day per mailbox · {gap} min between two (+ up to {jitter} min) · {new} new leads a day",
    ramp_line: "Ramp-up: {start} on the first day, {step} more each day",
    cap_warning: "More than 50 emails a day from one mailbox often lands in spam.",
    today: "Today",
    forecast: "The next two weeks",
    forecast_note: "What the schedule and the caps let go each day, follow-ups first. An estimate: replies, bounces and opt-outs only lower it.",
    col_day: "Day",
    col_first: "First emails",
    col_follow_ups: "Follow-ups",
    sent_of: "{sent} of {cap} sent",
    paused_mailbox: "Paused: the server refused. Test the mailbox again on the mailboxes page to resume.",
    preview: "Preview",
    preview_for: "The emails exactly as {email} gets them:",
    email_day: "Email {step} · day {day}",
    no_preview: "No lead can be previewed yet.",
    empty_tag: "{tag} has nothing to fill it for {n} of the leads.",
    leads: "Leads",
    col_variant: "Subject",
    col_sent: "Sent",
    step_n: "email {step} on ",
    shown_first: "The first 500 leads are shown; the counts above cover them all.",
    unsubscribe_title: "Unsubscribe",
    unsubscribe_ask: "Stop the emails to {email}?",
    unsubscribe_button: "Unsubscribe",
    unsubscribed: "Done: {email} will get no more emails from this sender.",
    unsubscribe_invalid: "This unsubscribe link is not valid.",
    notes: &[
        (
            "lost_before",
            "The connection was lost before the email was handed over (it is tried again, up to five times).",
        ),
        (
            "lost_after",
            "The connection was lost after the email was handed over: it may have arrived, so it is not sent again.",
        ),
        (
            "server_stopped",
            "A server stopped while sending this email: it may have arrived, so it is not sent again.",
        ),
        ("gone", "Its lead list or sequence was deleted."),
        ("bad_address", "This address cannot receive email."),
        (
            "mailbox_removed",
            "Stopped: the mailbox its thread was in was removed.",
        ),
        (
            "already_sent",
            "Stopped: another of your campaigns already sent this sequence to this address.",
        ),
    ],
    tags_note: "Not sent: nothing to fill {tags}.",
    statuses: ["Draft", "Sending", "Paused", "Stopped", "Done"],
    states: [
        "Scheduled",
        "All sent",
        "Replied",
        "Bounced",
        "Unsubscribed",
        "Failed",
        "Stopped",
        "Not confirmed",
    ],
};

const ZH: Text = Text {
    eyebrow: "发送",
    title: "营销活动",
    lead: "用您自己的邮箱，按计划、在您设定的限额内，把序列发送给它的线索名单。跟进邮件在同一会话中发送；同一封邮件绝不会发给同一个人两次。",
    sign_in_first: "营销活动属于账户：请先登录。",
    none_yet: "还没有营销活动。",
    new_campaign: "新建营销活动",
    suppressions_link: "屏蔽名单",
    inbox_link: "收件箱：收到的回音",
    summary: "{leads} 条线索 · 已发送 {sent} 封 · {replied} 人回复",
    list: "线索名单",
    day_names: ["周一", "周二", "周三", "周四", "周五", "周六", "周日"],
    start: "开始发送",
    pause: "暂停",
    resume: "继续",
    stop: "永久停止",
    stop_lead: "停止",
    settle_hint: "请在该邮箱的“已发送”文件夹中查找：这封邮件发出去了吗？",
    settle_arrived: "已发出",
    settle_again: "重新发送",
    test: "给我发一封测试邮件",
    test_hint: "把预览中的每封邮件标记为测试，从活动的第一个邮箱发到您自己的地址。",
    tested: "已向您的地址发送 {n} 封测试邮件。",
    problems: &[
        ("plan", "发送营销活动属于专业版。草稿和测试邮件免费。"),
        (
            "public_url",
            "本服务器不知道自己的公开地址（PUBLIC_URL），邮件无法附上退订链接，因此没有开始发送。",
        ),
        (
            "tags",
            "有些合并标签会以空值发出：请先给它们填写值或替代词。",
        ),
        ("no_leads", "此活动没有可发送的线索。"),
        ("test", "测试邮件发送失败。请在邮箱页面重新测试该邮箱。"),
    ],
    schedule: "计划",
    limits: "限额",
    limits_line: "每个邮箱每天最多 {cap} 封 · 两封间隔 {gap} 分钟（另加最多 {jitter} 分钟）· 每天 {new} 条新线索",
    ramp_line: "预热：第一天 {start} 封，之后每天增加 {step} 封",
    cap_warning: "一个邮箱每天超过 50 封，常常会进入垃圾邮件箱。",
    today: "今天",
    forecast: "未来两周",
    forecast_note: "按计划和限额，每天可以发出的邮件数，跟进邮件优先。这是估算：回复、退信和退订只会让它更少。",
    col_day: "日期",
    col_first: "首封邮件",
    col_follow_ups: "跟进邮件",
    sent_of: "已发送 {sent} / {cap}",
    paused_mailbox: "已暂停：服务器拒绝了发送。请在邮箱页面重新测试该邮箱以恢复。",
    preview: "预览",
    preview_for: "{email} 将收到的邮件，一字不差：",
    email_day: "第 {step} 封 · 第 {day} 天",
    no_preview: "暂时没有可预览的线索。",
    empty_tag: "{tag} 对 {n} 条线索没有可填的值。",
    leads: "线索",
    col_variant: "主题",
    col_sent: "已发送",
    step_n: "第 {step} 封于 ",
    shown_first: "只显示前 500 条线索；上方的统计包含全部线索。",
    unsubscribe_title: "退订",
    unsubscribe_ask: "停止向 {email} 发送邮件？",
    unsubscribe_button: "退订",
    unsubscribed: "已完成：{email} 不会再收到该发件人的邮件。",
    unsubscribe_invalid: "此退订链接无效。",
    notes: &[
        (
            "lost_before",
            "邮件交给服务器之前连接中断（最多重试五次）。",
        ),
        (
            "lost_after",
            "邮件交给服务器之后连接中断：邮件可能已送达，因此不会再次发送。",
        ),
        (
            "server_stopped",
            "发送这封邮件时服务器停止了：邮件可能已送达，因此不会再次发送。",
        ),
        ("gone", "它的线索名单或序列已被删除。"),
        ("bad_address", "这个地址无法接收邮件。"),
        ("mailbox_removed", "已停止：它所在会话的邮箱已被移除。"),
        (
            "already_sent",
            "已停止：您的另一个营销活动已经向这个地址发送过这个序列。",
        ),
    ],
    tags_note: "未发送：{tags} 没有可填的值。",
    statuses: ["草稿", "发送中", "已暂停", "已停止", "已完成"],
    states: [
        "已安排",
        "已全部发送",
        "已回复",
        "已退信",
        "已退订",
        "失败",
        "已停止",
        "未确认",
    ],
};
