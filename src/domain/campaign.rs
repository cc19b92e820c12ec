//! Campaigns as the pages show them: a campaign's state, each lead's state, the day's counts per
//! mailbox, the preview of a lead's emails. Plain data, filled on the server (server/campaigns/).

use serde::{Deserialize, Serialize};

/// Where a campaign is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CampaignStatus {
    /// Made, not started: its preview can be read and a test sent.
    Draft,
    Running,
    Paused,
    /// Stopped by the founder: nothing more goes, ever.
    Stopped,
    /// Every lead has had its last step (or left).
    Done,
}

impl CampaignStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CampaignStatus::Draft => "draft",
            CampaignStatus::Running => "running",
            CampaignStatus::Paused => "paused",
            CampaignStatus::Stopped => "stopped",
            CampaignStatus::Done => "done",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [
            CampaignStatus::Draft,
            CampaignStatus::Running,
            CampaignStatus::Paused,
            CampaignStatus::Stopped,
            CampaignStatus::Done,
        ]
        .into_iter()
        .find(|s| s.as_str() == raw)
    }
}

/// Where one lead of a campaign is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LeadState {
    /// Its next step is scheduled.
    Active,
    /// Every step has gone.
    Done,
    Replied,
    Bounced,
    Unsubscribed,
    /// The server refused it for a while and ColdCopy gave up.
    Failed,
    /// Stopped by hand.
    Stopped,
    /// A send was interrupted and whether it went could not be told: never sent again
    /// without the founder.
    Unconfirmed,
}

impl LeadState {
    pub const ALL: [LeadState; 8] = [
        LeadState::Active,
        LeadState::Done,
        LeadState::Replied,
        LeadState::Bounced,
        LeadState::Unsubscribed,
        LeadState::Failed,
        LeadState::Stopped,
        LeadState::Unconfirmed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LeadState::Active => "active",
            LeadState::Done => "done",
            LeadState::Replied => "replied",
            LeadState::Bounced => "bounced",
            LeadState::Unsubscribed => "unsubscribed",
            LeadState::Failed => "failed",
            LeadState::Stopped => "stopped",
            LeadState::Unconfirmed => "unconfirmed",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }
}

/// One line of the campaigns list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignSummary {
    pub id: String,
    pub name: String,
    pub status: CampaignStatus,
    pub leads: u32,
    pub sent: u32,
    pub replied: u32,
}

/// A mailbox of a campaign today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailboxToday {
    pub address: String,
    /// Sent since the start of the campaign's local day.
    pub sent: u32,
    /// Its cap today (the ramp-up's, when lower).
    pub cap: u32,
    /// Why sending from it is paused (the server's words), if it is.
    pub paused: Option<String>,
}

/// One lead of a campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignLead {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub variant: char,
    pub state: LeadState,
    /// The step due next (1-based), for an active lead.
    pub next_step: u8,
    /// When it goes, on the page's clock ("8 Dec 2026, 09:00"), for an active lead.
    pub next: Option<String>,
    /// Emails it has been sent.
    pub sent: u8,
    /// The server's words for a refusal.
    pub note: Option<String>,
}

/// One email of the preview, every merge tag filled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewEmail {
    pub step: u8,
    pub day: u16,
    pub subject: String,
    pub body: String,
}

/// One day of a campaign's forecast.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForecastDay {
    /// "Mon 14 Dec".
    pub date: String,
    pub first: u32,
    pub follow_ups: u32,
}

/// A campaign's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignPage {
    pub id: String,
    pub name: String,
    pub status: CampaignStatus,
    pub sequence_id: String,
    pub list_id: String,
    pub list_name: String,
    pub time_zone: String,
    /// "09:00–17:00".
    pub window: String,
    /// Bit 0 Monday … bit 6 Sunday.
    pub weekdays: u8,
    pub daily_cap: u32,
    pub ramp_start: u32,
    pub ramp_step: u32,
    pub gap_minutes: u32,
    pub jitter_minutes: u32,
    pub new_per_day: u32,
    pub mailboxes: Vec<MailboxToday>,
    /// Leads per state, in `LeadState::ALL`'s order.
    pub counts: Vec<(LeadState, u32)>,
    pub leads: Vec<CampaignLead>,
    /// The lead the preview is for, and its emails.
    pub preview_lead: Option<String>,
    pub preview: Vec<PreviewEmail>,
    /// Each merge tag that would go out empty or raw, with how many leads (the campaign
    /// cannot start while there is one).
    pub problems: Vec<(String, u32)>,
    /// The next two weeks under the schedule and caps, day by day.
    pub forecast: Vec<ForecastDay>,
    /// Unsubscribe links need the site's public address; without it nothing can start.
    pub can_send: bool,
    /// Changes whenever what the page shows of the sending does (`page::stamp`): the open
    /// page asks for it and loads again when it moved.
    pub stamp: String,
}

/// A lead list a campaign can send, with its sequence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListChoice {
    pub id: String,
    /// "Ledgerly · VP Finance — leads.csv".
    pub label: String,
    /// Leads with an address that can be sent now.
    pub leads: u32,
}

/// What the new-campaign form offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignChoices {
    pub lists: Vec<ListChoice>,
    /// (id, address) of each connected mailbox.
    pub mailboxes: Vec<(String, String)>,
    /// The visitor's time zone when known, else UTC.
    pub time_zone: String,
}
