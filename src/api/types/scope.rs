//! The hierarchy province → city → county/district → park on the wire: the levels, a place
//! with its level, and the dashboard's `scope` parameter (`province`, `city:ID`, `county:ID`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A level of the hierarchy, from the top down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// The province (湖南省): the whole data set.
    Province,
    /// A city or prefecture (长沙市, 湘西土家族苗族自治州).
    City,
    /// A county, county-level city or district (岳麓区, 浏阳市, 攸县).
    County,
    /// An industrial park, zone, town or sub-district.
    Park,
}

impl Level {
    /// The wire spelling (`province`, `city`, `county`, `park`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Province => "province",
            Self::City => "city",
            Self::County => "county",
            Self::Park => "park",
        }
    }

    /// The level one down (a province's rows are cities, …); `None` below a county's parks.
    pub fn below(self) -> Option<Level> {
        match self {
            Self::Province => Some(Self::City),
            Self::City => Some(Self::County),
            Self::County => Some(Self::Park),
            Self::Park => None,
        }
    }
}

/// A named place of the hierarchy: the dashboard's scope, a step of its path.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
pub struct PlaceRef {
    /// Its level.
    pub level: Level,
    /// Its id among the places of its level (cities, districts, parks as in `GET /org`); 0 for
    /// the province.
    pub id: i64,
    /// Its name from the data, e.g. 湖南省, 长沙市, 岳麓区.
    pub name: String,
}

impl PlaceRef {
    /// The dashboard scope that shows this place with its rows one level down; `None` for a
    /// park (a park's drill-down is its enterprises, problems and officers).
    pub fn scope(&self) -> Option<Scope> {
        match self.level {
            Level::Province => Some(Scope::Province),
            Level::City => Some(Scope::City(self.id)),
            Level::County => Some(Scope::County(self.id)),
            Level::Park => None,
        }
    }
}

/// What a dashboard covers: `?scope=province`, `city:ID` or `county:ID`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// The whole data set; rows are its cities.
    Province,
    /// One city (a `cities` id of `GET /org`); rows are its counties and districts.
    City(i64),
    /// One county or district (a `districts` id of `GET /org`); rows are its parks.
    County(i64),
}

impl Scope {
    /// The level of the place the scope covers.
    pub fn level(self) -> Level {
        match self {
            Self::Province => Level::Province,
            Self::City(_) => Level::City,
            Self::County(_) => Level::County,
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Province => f.write_str("province"),
            Self::City(id) => write!(f, "city:{id}"),
            Self::County(id) => write!(f, "county:{id}"),
        }
    }
}

impl FromStr for Scope {
    type Err = String;

    /// Parses `province`, `city:ID` or `county:ID` (ID a positive integer); the error says
    /// what is accepted.
    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        if s == "province" {
            return Ok(Self::Province);
        }
        let accepted = "use province, city:ID or county:ID (ids as in GET /org)";
        let Some((kind, id)) = s.split_once(':') else {
            return Err(format!("{s:?} is not a scope: {accepted}"));
        };
        let id: i64 = match id.trim().parse() {
            Ok(n) if n > 0 => n,
            _ => return Err(format!("{id:?} is not an id in scope {s:?}: {accepted}")),
        };
        match kind.trim() {
            "city" => Ok(Self::City(id)),
            "county" => Ok(Self::County(id)),
            other => Err(format!("{other:?} is not a level of a scope: {accepted}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_round_trip_and_bad_ones_say_what_is_accepted() {
        for s in [Scope::Province, Scope::City(3), Scope::County(12)] {
            assert_eq!(s.to_string().parse::<Scope>(), Ok(s));
        }
        for bad in ["", "town:1", "city:", "city:x", "county:-2", "city:0", "province:1", "city"] {
            let e = bad.parse::<Scope>().unwrap_err();
            assert!(e.contains("city:ID"), "{bad}: {e}");
        }
    }

    #[test]
    fn levels_step_down_to_parks() {
        assert_eq!(Level::Province.below(), Some(Level::City));
        assert_eq!(Level::County.below(), Some(Level::Park));
        assert_eq!(Level::Park.below(), None);
        let p = PlaceRef { level: Level::County, id: 4, name: "岳麓区".into() };
        assert_eq!(p.scope(), Some(Scope::County(4)));
        assert_eq!(PlaceRef { level: Level::Park, id: 1, name: String::new() }.scope(), None);
    }
}
