//! The dashboard's panes as data: [`PANES`] describes every pane (its name, titles and the
//! tables it can show), and everything else derives from it: the grid and the tab bar, the
//! `pane_N` keys, the navigation slots ([`PaneTable`]) and the snapshot's view names. Adding a
//! pane is one [`Pane`] variant, one entry here and its table builder in
//! `tables/dashboard.rs`.

/// A pane of the dashboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pane {
    /// Return to work (复工率).
    Rtw,
    /// Open problems by park (园区未结问题).
    Problems,
    /// Attendance (考勤): officers' check-ins today (present, late, absent), by park or by unit.
    Attendance,
    /// Overdue reports (逾期日报).
    Overdue,
}

/// A table a pane shows; each has its own navigation (selection, filter, sort).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaneTable {
    /// Return to work by park.
    Rtw,
    /// Open problems by park.
    OpenProblems,
    /// Attendance by park.
    AttendanceByPark,
    /// Attendance by dispatching unit (`u` on the attendance pane).
    AttendanceByUnit,
    /// Overdue daily reports.
    Overdue,
}

/// One entry of [`PANES`]: a pane, its titles and the tables it shows.
#[derive(Debug)]
pub struct PaneSpec {
    /// The pane this entry describes.
    pub pane: Pane,
    /// The label key of its title.
    pub title_key: &'static str,
    /// The label key of its title in a narrow tab bar (the title when there is none).
    pub short_key: Option<&'static str>,
    /// The tables it shows, with the name of each for the snapshot's `--view`: the first by
    /// default, the second when toggled with `u`.
    pub tables: &'static [(PaneTable, &'static str)],
}

/// Every pane, in the order of the grid (left to right, top to bottom), the tab bar and the
/// `pane_N` keys.
pub(crate) const PANES: &[PaneSpec] = &[
    PaneSpec { pane: Pane::Rtw, title_key: "pane.rtw", short_key: None, tables: &[(PaneTable::Rtw, "return-to-work")] },
    PaneSpec {
        pane: Pane::Problems,
        title_key: "pane.problems",
        short_key: Some("pane.problems.short"),
        tables: &[(PaneTable::OpenProblems, "open-problems")],
    },
    PaneSpec {
        pane: Pane::Attendance,
        title_key: "pane.attendance",
        short_key: None,
        tables: &[(PaneTable::AttendanceByPark, "attendance"), (PaneTable::AttendanceByUnit, "attendance-units")],
    },
    PaneSpec {
        pane: Pane::Overdue,
        title_key: "pane.overdue",
        short_key: Some("pane.overdue.short"),
        tables: &[(PaneTable::Overdue, "overdue")],
    },
];

impl Pane {
    /// Every pane in order.
    pub fn all() -> impl Iterator<Item = Pane> {
        PANES.iter().map(|s| s.pane)
    }

    /// The pane at a position of [`PANES`], if there is one.
    pub fn nth(i: usize) -> Option<Pane> {
        PANES.get(i).map(|s| s.pane)
    }

    /// The first pane.
    pub fn first() -> Pane {
        PANES[0].pane
    }

    /// Its position in [`PANES`].
    pub fn index(self) -> usize {
        PANES.iter().position(|s| s.pane == self).unwrap_or(0)
    }

    /// Its entry in [`PANES`] (titles and tables).
    pub fn spec(self) -> &'static PaneSpec {
        &PANES[self.index()]
    }

    /// The pane after it, wrapping round.
    pub fn next(self) -> Pane {
        PANES[(self.index() + 1) % PANES.len()].pane
    }

    /// The pane before it, wrapping round.
    pub fn prev(self) -> Pane {
        PANES[(self.index() + PANES.len() - 1) % PANES.len()].pane
    }

    /// The label key of its title.
    pub fn title_key(self) -> &'static str {
        self.spec().title_key
    }

    /// The table it shows: its alternative table when `toggled` and it has one.
    pub fn table(self, toggled: bool) -> PaneTable {
        let tables = self.spec().tables;
        tables[usize::from(toggled && tables.len() > 1)].0
    }

    /// The pane that shows a table.
    pub fn of_table(table: PaneTable) -> Pane {
        PANES.iter().find(|s| s.tables.iter().any(|(t, _)| *t == table)).map_or(Pane::first(), |s| s.pane)
    }
}

impl PaneTable {
    /// Every pane table, pane by pane: the navigation slots of the dashboard.
    pub fn all() -> impl Iterator<Item = PaneTable> {
        PANES.iter().flat_map(|s| s.tables.iter().map(|(t, _)| *t))
    }

    /// How many pane tables there are: the number of navigation slots on the dashboard.
    pub fn count() -> usize {
        PANES.iter().map(|s| s.tables.len()).sum()
    }

    /// Its navigation slot: its position in [`PaneTable::all`].
    pub fn slot(self) -> usize {
        PaneTable::all().position(|t| t == self).unwrap_or(0)
    }

    /// Whether it is the alternative (toggled) table of its pane.
    pub fn is_alternative(self) -> bool {
        Pane::of_table(self).spec().tables.first().is_some_and(|(t, _)| *t != self)
    }

    /// The table with this snapshot name (`return-to-work`, `attendance-units`, …).
    pub fn by_name(name: &str) -> Option<PaneTable> {
        PANES.iter().flat_map(|s| s.tables.iter()).find(|(_, n)| *n == name).map(|(t, _)| *t)
    }

    /// Its snapshot name (`return-to-work`, `overdue`, …), also the name of its export file.
    pub fn name(self) -> &'static str {
        PANES.iter().flat_map(|s| s.tables.iter()).find(|(t, _)| *t == self).map_or("pane", |(_, n)| *n)
    }

    /// Every snapshot name, in order.
    pub fn names() -> impl Iterator<Item = &'static str> {
        PANES.iter().flat_map(|s| s.tables.iter().map(|(_, n)| *n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panes_wrap_round_and_slots_are_distinct() {
        let last = Pane::nth(PANES.len() - 1).unwrap();
        assert_eq!(last.next(), Pane::first());
        assert_eq!(Pane::first().prev(), last);
        let slots: std::collections::HashSet<usize> = PaneTable::all().map(PaneTable::slot).collect();
        assert_eq!(slots.len(), PaneTable::count());
        assert_eq!(Pane::Attendance.table(true), PaneTable::AttendanceByUnit);
        assert_eq!(Pane::Rtw.table(true), PaneTable::Rtw);
        assert!(PaneTable::AttendanceByUnit.is_alternative());
        assert_eq!(PaneTable::by_name("attendance-units"), Some(PaneTable::AttendanceByUnit));
        assert_eq!(Pane::of_table(PaneTable::Overdue), Pane::Overdue);
    }
}
