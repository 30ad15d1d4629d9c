//! Who is asking, the server's settings, and the organisation (cities, counties, parks,
//! departments, units).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::calendar::SlaHours;

/// The four roles a token can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Read only: the night-shift monitor.
    Viewer,
    /// Reads and triages problems.
    Dispatcher,
    /// Intake for its own enterprises only.
    Officer,
    /// Everything, including intake on behalf of a named officer.
    Admin,
}

impl Role {
    /// The wire and database spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Viewer => "viewer",
            Self::Dispatcher => "dispatcher",
            Self::Officer => "officer",
            Self::Admin => "admin",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Viewer, Self::Dispatcher, Self::Officer, Self::Admin].into_iter().find(|r| r.as_str() == s)
    }

    /// Whether this role may triage problems.
    pub fn can_triage(self) -> bool {
        matches!(self, Self::Dispatcher | Self::Admin)
    }
}

/// The server's settings that clients show or obey.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ServerSettings {
    /// The name of the top of the data: the province when the data has several cities (湖南省),
    /// else its one city (娄底市); the `server.city` setting only for a database with neither.
    pub city: String,
    /// IANA time zone of local days, e.g. `Asia/Shanghai`.
    pub time_zone: String,
    /// Daily report deadline, local `HH:MM`.
    pub report_deadline: String,
    /// Check-in cutoff, local `HH:MM`.
    pub checkin_cutoff: String,
    /// SLA per priority, in hours.
    pub sla_hours: SlaHours,
    /// Poll interval the server asks clients to keep, in seconds.
    pub poll_interval_secs: u64,
}

/// Who the token belongs to (`GET /me`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Me {
    /// The id of the token used (as `dutydesk token list` shows it and `token revoke` takes it).
    pub token_id: i64,
    /// The name the token was created with; every write made with it is attributed to it.
    pub name: String,
    /// The token's role.
    pub role: Role,
    /// The officer this token speaks for, for the officer role.
    pub officer_id: Option<i64>,
    /// The server's settings.
    pub settings: ServerSettings,
}

/// A named thing with an id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NamedRef {
    /// The thing's id, unique among its kind (parks, enterprises, officers, …).
    pub id: i64,
    /// Its name as shown to people, e.g. an enterprise's registered name or an officer's full name.
    pub name: String,
}

/// A county, county-level city or district of a city.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct District {
    /// The district's id, as the dashboard's `scope=county:ID` takes it.
    pub id: i64,
    /// Name without the city's, e.g. 岳麓区.
    pub name: String,
    /// The city it belongs to (an id of `cities`).
    pub city_id: i64,
}

/// An industrial park, high-tech zone, town or sub-district.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Park {
    /// The park's id, as the `park` filter of the lists takes it.
    pub id: i64,
    /// Name, e.g. 万宝新区.
    pub name: String,
    /// The county or district it belongs to.
    pub district_id: i64,
}

/// A government department that problems can be assigned to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Department {
    /// The department's id, as `department_id` in a reassign and `department:ID` in the queue's filter.
    pub id: i64,
    /// Full name, e.g. 市卫生健康委员会.
    pub name: String,
    /// Short name, e.g. 卫健委.
    pub short_name: String,
    /// Other names people use.
    pub aliases: Vec<String>,
}

/// The organisation (`GET /org`): rarely changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Org {
    /// The name of the top of the data (湖南省 with several cities, else the one city, e.g. 娄底市).
    pub city: String,
    /// The province's name, e.g. 湖南省 (the top of `scope=province`).
    pub province: String,
    /// Cities (prefectures) in id order, as the dashboard's `scope=city:ID` takes them.
    pub cities: Vec<NamedRef>,
    /// Counties and districts in id order, each with its city.
    pub districts: Vec<District>,
    /// Every park, in id order.
    pub parks: Vec<Park>,
    /// Every department problems can be reassigned to, in id order.
    pub departments: Vec<Department>,
    /// Dispatching units (派出单位).
    pub units: Vec<NamedRef>,
    /// The server's settings (the same as in `GET /me`).
    pub settings: ServerSettings,
}
