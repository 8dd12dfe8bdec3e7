//! Showcased programs: what the public catalogue lists and other states ask help with.

use serde::{Deserialize, Serialize};

use super::ProgramId;

/// A way the state can deliver training or technical assistance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryMode {
    Classroom,
    VideoConference,
    ConferenceCall,
    Videos,
    Handbooks,
}

impl DeliveryMode {
    pub const ALL: [DeliveryMode; 5] = [
        DeliveryMode::Classroom,
        DeliveryMode::VideoConference,
        DeliveryMode::ConferenceCall,
        DeliveryMode::Videos,
        DeliveryMode::Handbooks,
    ];

    /// The stable name stored and used in addresses (`?mode=video_conference`).
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryMode::Classroom => "classroom",
            DeliveryMode::VideoConference => "video_conference",
            DeliveryMode::ConferenceCall => "conference_call",
            DeliveryMode::Videos => "videos",
            DeliveryMode::Handbooks => "handbooks",
        }
    }

    pub fn parse(value: &str) -> Option<DeliveryMode> {
        DeliveryMode::ALL
            .into_iter()
            .find(|mode| mode.as_str() == value.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            DeliveryMode::Classroom => "In-person classroom",
            DeliveryMode::VideoConference => "Video conference",
            DeliveryMode::ConferenceCall => "Conference call",
            DeliveryMode::Videos => "Videos",
            DeliveryMode::Handbooks => "Handbooks and manuals",
        }
    }

    /// Modes as stored in one column: `classroom,videos`.
    pub fn join(modes: &[DeliveryMode]) -> String {
        modes
            .iter()
            .map(|mode| mode.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The modes of a stored column; names that are none of ours are skipped.
    pub fn split(stored: &str) -> Vec<DeliveryMode> {
        let mut modes: Vec<DeliveryMode> = stored.split(',').filter_map(Self::parse).collect();
        modes.sort_unstable();
        modes.dedup();
        modes
    }
}

/// Which modes a form ticked: one checkbox per mode, named `…[modes][classroom]=true`, so a
/// plain HTML form (no JavaScript) sends the same thing as the hydrated page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ModeChoice {
    pub classroom: bool,
    pub video_conference: bool,
    pub conference_call: bool,
    pub videos: bool,
    pub handbooks: bool,
}

impl ModeChoice {
    pub fn modes(&self) -> Vec<DeliveryMode> {
        DeliveryMode::ALL
            .into_iter()
            .filter(|mode| self.has(*mode))
            .collect()
    }

    pub fn has(&self, mode: DeliveryMode) -> bool {
        match mode {
            DeliveryMode::Classroom => self.classroom,
            DeliveryMode::VideoConference => self.video_conference,
            DeliveryMode::ConferenceCall => self.conference_call,
            DeliveryMode::Videos => self.videos,
            DeliveryMode::Handbooks => self.handbooks,
        }
    }

    pub fn of(modes: &[DeliveryMode]) -> ModeChoice {
        ModeChoice {
            classroom: modes.contains(&DeliveryMode::Classroom),
            video_conference: modes.contains(&DeliveryMode::VideoConference),
            conference_call: modes.contains(&DeliveryMode::ConferenceCall),
            videos: modes.contains(&DeliveryMode::Videos),
            handbooks: modes.contains(&DeliveryMode::Handbooks),
        }
    }
}

/// The catalogue's search: words, one delivery mode and one topic, all optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProgramQuery {
    pub q: String,
    pub mode: String,
    pub topic: String,
}

impl ProgramQuery {
    /// Whether a program matches: every word of `q` somewhere in its text or tags, the mode
    /// among its modes, the topic among its tags (case does not matter).
    pub fn matches(&self, program: &Program) -> bool {
        let text = [
            program.title.as_str(),
            program.summary.as_str(),
            program.problem.as_str(),
            program.results.as_str(),
            program.offer.as_str(),
            &program.tags.join(" "),
        ]
        .join(" ")
        .to_lowercase();
        let words_match = self
            .q
            .to_lowercase()
            .split_whitespace()
            .all(|word| text.contains(word));
        let mode_matches = match self.mode.trim() {
            "" => true,
            mode => DeliveryMode::parse(mode).is_some_and(|mode| program.modes.contains(&mode)),
        };
        let topic = self.topic.trim().to_lowercase();
        let topic_matches =
            topic.is_empty() || program.tags.iter().any(|tag| tag.to_lowercase() == topic);
        words_match && mode_matches && topic_matches
    }
}

/// A showcased program, as the public catalogue shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Program {
    pub id: ProgramId,
    pub title: String,
    pub summary: String,
    /// The problem it solves.
    pub problem: String,
    pub results: String,
    /// What the state can offer another state.
    pub offer: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: Option<String>,
    pub modes: Vec<DeliveryMode>,
    pub tags: Vec<String>,
}

/// The catalogue page: the programs that match, and every topic for the filter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalogue {
    pub programs: Vec<Program>,
    pub topics: Vec<String>,
    /// How many programs the catalogue holds, whatever the filter.
    pub total: usize,
}

/// Tags typed as `training, re-entry` → `["training", "re-entry"]`: trimmed, lower case, no
/// repeats, in the order typed.
pub fn split_tags(typed: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in typed.split(',') {
        let tag = tag.trim().to_lowercase();
        if !tag.is_empty() && !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn program() -> Program {
        Program {
            id: ProgramId(uuid::Uuid::nil()),
            title: "RESEA".to_owned(),
            summary: "Reemployment services and eligibility assessment".to_owned(),
            problem: "Long claims".to_owned(),
            results: "Shorter claims".to_owned(),
            offer: "Training for staff".to_owned(),
            contact_name: "R. Alexander".to_owned(),
            contact_email: "ta@example.org".to_owned(),
            contact_phone: None,
            modes: vec![DeliveryMode::Classroom, DeliveryMode::Videos],
            tags: vec!["reemployment".to_owned(), "claimants".to_owned()],
        }
    }

    fn query(q: &str, mode: &str, topic: &str) -> ProgramQuery {
        ProgramQuery {
            q: q.to_owned(),
            mode: mode.to_owned(),
            topic: topic.to_owned(),
        }
    }

    #[test]
    fn every_word_mode_and_topic_must_match() {
        let p = program();
        assert!(query("", "", "").matches(&p));
        assert!(query("resea CLAIMS", "", "").matches(&p));
        assert!(!query("resea casino", "", "").matches(&p));
        assert!(query("", "videos", "").matches(&p));
        assert!(!query("", "conference_call", "").matches(&p));
        assert!(!query("", "no such mode", "").matches(&p));
        assert!(query("", "", "Claimants").matches(&p));
        assert!(!query("", "", "claim").matches(&p));
    }

    #[test]
    fn modes_round_trip_through_one_column_and_the_checkboxes() {
        let modes = vec![DeliveryMode::VideoConference, DeliveryMode::Handbooks];
        assert_eq!(DeliveryMode::join(&modes), "video_conference,handbooks");
        assert_eq!(DeliveryMode::split("handbooks,video_conference,x,"), modes);
        assert_eq!(ModeChoice::of(&modes).modes(), modes);
    }

    #[test]
    fn tags_are_trimmed_lowered_and_unique() {
        assert_eq!(
            split_tags(" Re-entry, OJT ,, re-entry"),
            ["re-entry".to_owned(), "ojt".to_owned()]
        );
    }
}
