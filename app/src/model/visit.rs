//! The vocabulary of visits and businesses.

use serde::{Deserialize, Serialize};

/// How a visit was held.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisitMode {
    InPerson,
    ConferenceCall,
    GroupPresentation,
    Phone,
    Email,
    Video,
}

impl VisitMode {
    pub const ALL: [VisitMode; 6] = [
        VisitMode::InPerson,
        VisitMode::ConferenceCall,
        VisitMode::GroupPresentation,
        VisitMode::Phone,
        VisitMode::Email,
        VisitMode::Video,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            VisitMode::InPerson => "in_person",
            VisitMode::ConferenceCall => "conference_call",
            VisitMode::GroupPresentation => "group_presentation",
            VisitMode::Phone => "phone",
            VisitMode::Email => "email",
            VisitMode::Video => "video",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            VisitMode::InPerson => "in person",
            VisitMode::ConferenceCall => "conference call",
            VisitMode::GroupPresentation => "group presentation",
            VisitMode::Phone => "phone",
            VisitMode::Email => "e-mail",
            VisitMode::Video => "video",
        }
    }
}

/// Where a business is in its cycle; it drives which services a rep should present.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    StartUp,
    Growth,
    Stable,
    Decline,
    Closing,
}

impl Stage {
    pub const ALL: [Stage; 5] = [
        Stage::StartUp,
        Stage::Growth,
        Stage::Stable,
        Stage::Decline,
        Stage::Closing,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::StartUp => "start_up",
            Stage::Growth => "growth",
            Stage::Stable => "stable",
            Stage::Decline => "decline",
            Stage::Closing => "closing",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Stage::StartUp => "Start-up",
            Stage::Growth => "Growth / expansion",
            Stage::Stable => "Stable",
            Stage::Decline => "Decline / at risk",
            Stage::Closing => "Closing / lay-off",
        }
    }
}
