//! The new-campaign form's words, in each interface language (server-rendered only).

use crate::domain::i18n::Lang;

pub(super) struct FormText {
    pub new_title: &'static str,
    pub new_lead: &'static str,
    pub fix_fields: &'static str,
    pub name: &'static str,
    /// `{n}`.
    pub list_ready: &'static str,
    pub mailboxes: &'static str,
    pub time_zone: &'static str,
    pub time_zone_hint: &'static str,
    pub window: &'static str,
    pub window_to: &'static str,
    pub days: &'static str,
    pub daily_cap: &'static str,
    pub daily_cap_hint: &'static str,
    pub ramp_start: &'static str,
    pub ramp_step: &'static str,
    pub ramp_hint: &'static str,
    pub gap: &'static str,
    pub jitter: &'static str,
    pub new_per_day: &'static str,
    pub fallback_first_name: &'static str,
    pub fallback_company: &'static str,
    pub fallback_hint: &'static str,
    pub opt_out_line: &'static str,
    pub stop_company: &'static str,
    pub create: &'static str,
    pub default_first_name: &'static str,
    pub default_company: &'static str,
    /// Per form field: what is wrong with it.
    pub bad: &'static [(&'static str, &'static str)],
    pub need_mailbox: &'static str,
    pub need_list: &'static str,
}

impl FormText {
    pub fn bad_field(&self, field: &str) -> Option<&'static str> {
        self.bad.iter().find(|(f, _)| *f == field).map(|(_, m)| *m)
    }
}

pub(super) fn form_text(lang: Lang) -> &'static FormText {
    match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    }
}

const EN: FormText = FormText {
    new_title: "New campaign",
    new_lead: "The campaign is made as a draft: you see every email as it will go, and send yourself a test, before you start it.",
    fix_fields: "Some fields need another look: each says what is wrong.",
    name: "Campaign name",
    list_ready: "{n} leads ready",
    mailboxes: "Send from",
    time_zone: "Time zone",
    time_zone_hint: "The leads' time zone, as an IANA name such as Europe/Paris or America/New_York.",
    window: "Sending window",
    window_to: "to",
    days: "Days",
    daily_cap: "Emails a day per mailbox",
    daily_cap_hint: "30 is a safe start; more than 50 a day from one mailbox risks the spam folder.",
    ramp_start: "Ramp-up: first day",
    ramp_step: "more each day",
    ramp_hint: "For a new mailbox: start low and grow to the daily cap. Leave empty for none.",
    gap: "Minutes between two emails from one mailbox",
    jitter: "Plus, at random, up to (minutes)",
    new_per_day: "New leads a day",
    fallback_first_name: "For a lead without a first name, write",
    fallback_company: "For a lead without a company, write",
    fallback_hint: "Used for {{first_name}} and {{company_name}} when the list has no value.",
    opt_out_line: "End every email with a short unsubscribe line",
    stop_company: "When someone replies, stop every lead at the same company (same email domain)",
    create: "Create the draft",
    default_first_name: "there",
    default_company: "your team",
    bad: &[
        ("name", "Campaign name: write a name, up to 80 characters."),
        ("list", "Lead list: choose one of your lists."),
        (
            "mailbox",
            "Send from: choose at least one of your mailboxes.",
        ),
        (
            "time_zone",
            "Time zone: use an IANA name such as Europe/Paris.",
        ),
        (
            "window",
            "Sending window: give two times, the first before the second.",
        ),
        ("day", "Days: choose at least one day."),
        ("daily_cap", "Emails a day: a whole number from 1 to 500."),
        ("ramp_start", "Ramp-up: a whole number up to 500, or empty."),
        ("ramp_step", "Ramp-up: a whole number up to 100, or empty."),
        (
            "gap_minutes",
            "Minutes between emails: a whole number from 0 to 1440.",
        ),
        (
            "jitter_minutes",
            "Random minutes: a whole number from 0 to 1440.",
        ),
        (
            "new_per_day",
            "New leads a day: a whole number from 1 to 10000.",
        ),
        (
            "fb_first_name",
            "First name fallback: a few words, without braces.",
        ),
        (
            "fb_company_name",
            "Company fallback: a few words, without braces.",
        ),
    ],
    need_mailbox: "Connect the mailbox you send from first.",
    need_list: "A campaign sends a lead list whose first lines are written: upload one from a sequence's page first.",
};

const ZH: FormText = FormText {
    new_title: "新建营销活动",
    new_lead: "营销活动先保存为草稿：开始之前，您可以逐封查看将要发出的邮件，并给自己发一封测试邮件。",
    fix_fields: "有些字段需要修改：每个字段都写明了问题。",
    name: "活动名称",
    list_ready: "{n} 条线索可发送",
    mailboxes: "发信邮箱",
    time_zone: "时区",
    time_zone_hint: "线索所在的时区，使用标准时区名称，例如 Asia/Shanghai。",
    window: "发送时段",
    window_to: "至",
    days: "发送日",
    daily_cap: "每个邮箱每天的发送量",
    daily_cap_hint: "建议从 30 封开始；一个邮箱每天超过 50 封，容易进入垃圾邮件箱。",
    ramp_start: "预热：第一天",
    ramp_step: "之后每天增加",
    ramp_hint: "适用于新邮箱：从少量开始，逐步增加到每日上限。留空表示不预热。",
    gap: "同一邮箱两封邮件之间的间隔（分钟）",
    jitter: "另加随机分钟数，最多",
    new_per_day: "每天新联系的线索数",
    fallback_first_name: "线索没有名字时，写作",
    fallback_company: "线索没有公司时，写作",
    fallback_hint: "名单中没有对应值时，用于名字和公司的合并标签。",
    opt_out_line: "每封邮件末尾附一行简短的退订说明",
    stop_company: "有人回复时，停止同一公司（相同邮箱域名）的所有潜在客户",
    create: "创建草稿",
    default_first_name: "您好",
    default_company: "贵公司",
    bad: &[
        ("name", "活动名称：请填写名称，最多 80 个字符。"),
        ("list", "线索名单：请选择您的一份名单。"),
        ("mailbox", "发信邮箱：请至少选择一个邮箱。"),
        (
            "time_zone",
            "时区：请使用标准时区名称，例如 Asia/Shanghai。",
        ),
        ("window", "发送时段：请填写两个时间，前者早于后者。"),
        ("day", "发送日：请至少选择一天。"),
        ("daily_cap", "每日发送量：请填写 1 到 500 之间的整数。"),
        ("ramp_start", "预热：请填写不超过 500 的整数，或留空。"),
        ("ramp_step", "预热：请填写不超过 100 的整数，或留空。"),
        ("gap_minutes", "间隔分钟数：请填写 0 到 1440 之间的整数。"),
        (
            "jitter_minutes",
            "随机分钟数：请填写 0 到 1440 之间的整数。",
        ),
        (
            "new_per_day",
            "每天新线索数：请填写 1 到 10000 之间的整数。",
        ),
        (
            "fb_first_name",
            "名字的替代词：几个字即可，不要包含花括号。",
        ),
        (
            "fb_company_name",
            "公司的替代词：几个字即可，不要包含花括号。",
        ),
    ],
    need_mailbox: "请先连接用于发信的邮箱。",
    need_list: "营销活动发送已写好开场白的线索名单：请先在序列页面上传一份。",
};
