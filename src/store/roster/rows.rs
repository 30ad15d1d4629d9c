//! The rows of a roster to import, as the validator (`crate::roster`) hands them to the store,
//! each kind with its natural key, and the keys the database already holds.

use std::collections::HashSet;

/// A park's natural key: its city, its county (or district) and its name, as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ParkKey {
    /// The city's name (娄底市).
    pub city: String,
    /// The county's or district's name without the city's (娄星区).
    pub county: String,
    /// The park's name (娄底经济技术开发区).
    pub name: String,
}

/// A functional department (职能部门) that problems are assigned to; keyed by its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterDepartment {
    /// Its full name, the key.
    pub name: String,
    /// The short name shown as an assignee (the full name when the file gives none).
    pub short_name: String,
    /// Other names the reassign picker matches.
    pub aliases: Vec<String>,
}

/// An enterprise; keyed by its unified social credit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterEnterprise {
    /// The 18-character credit code, checked (upper case).
    pub credit_code: String,
    /// Its name.
    pub name: String,
    /// Its park.
    pub park: ParkKey,
    /// Its statistical class (规模以上工业企业, …).
    pub class: String,
    /// Employees before the shutdown (the return-to-work rate's denominator).
    pub employees: i64,
}

/// A liaison officer; keyed by the phone number (in the one form of `domain::codes::phone`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterOfficer {
    /// The phone number, the key.
    pub phone: String,
    /// The officer's name.
    pub name: String,
    /// The dispatching unit's name (派出单位).
    pub unit: String,
    /// The park the officer is stationed in and counted at.
    pub park: ParkKey,
}

/// Everything a roster file (or several, read together) holds, validated: every reference
/// names a row of the file or of the database.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RosterData {
    /// Parks, with their city and county (created when missing).
    pub parks: Vec<ParkKey>,
    /// Dispatching units (派出单位) by name.
    pub units: Vec<String>,
    /// Functional departments (职能部门).
    pub departments: Vec<RosterDepartment>,
    /// Enterprises.
    pub enterprises: Vec<RosterEnterprise>,
    /// Officers.
    pub officers: Vec<RosterOfficer>,
    /// Who liaises where: (officer's phone, enterprise's credit code).
    pub assignments: Vec<(String, String)>,
}

/// The natural keys the database holds, which a roster's references may name besides its own rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KnownKeys {
    /// Every park's key.
    pub parks: Vec<ParkKey>,
    /// Every unit's name.
    pub units: HashSet<String>,
    /// Every enterprise's credit code (enterprises without one cannot be named).
    pub enterprises: HashSet<String>,
    /// Every officer's phone (officers without one cannot be named).
    pub officers: HashSet<String>,
}
