//! A list the console holds a part of: the rows loaded so far (pages in the server's order),
//! the server's count of them all, and the cursor of the next page. Lists are never capped:
//! further pages are asked for as the selection nears the end of what is loaded
//! (`update::paging`), and each page is appended when it answers the cursor the list waits on.

/// Rows loaded of a list, with the server's count and where the next page starts.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Paged<T> {
    /// The rows loaded, in the server's order.
    pub rows: Vec<T>,
    /// How many match on the server; `None` when the server did not say.
    pub total: Option<i64>,
    /// The cursor of the next page; `None` once the last page is loaded.
    pub next: Option<String>,
    /// A request for the page at `next` is out (no second one is sent meanwhile).
    #[serde(skip)]
    pub asked: bool,
}

impl<T> Default for Paged<T> {
    fn default() -> Self {
        Paged { rows: Vec::new(), total: None, next: None, asked: false }
    }
}

impl<T> Paged<T> {
    /// A first page: its rows, the server's count and the next page's cursor.
    pub fn first(rows: Vec<T>, total: Option<i64>, next: Option<String>) -> Paged<T> {
        Paged { rows, total, next, asked: false }
    }

    /// The count to show: the server's total, or the rows when it did not say.
    pub fn count(&self) -> i64 {
        self.total.unwrap_or(self.rows.len() as i64).max(self.rows.len() as i64)
    }

    /// Whether the server has rows beyond those loaded.
    pub fn has_more(&self) -> bool {
        self.next.is_some()
    }

    /// Appends the page that starts at `cursor`, if that is the page this list waits for;
    /// returns whether it was appended (a page for an older cursor is dropped).
    pub fn append(&mut self, cursor: &str, rows: Vec<T>, next: Option<String>) -> bool {
        if self.next.as_deref() != Some(cursor) {
            return false;
        }
        self.rows.extend(rows);
        self.next = next;
        self.asked = false;
        true
    }
}

impl<T> From<Vec<T>> for Paged<T> {
    fn from(rows: Vec<T>) -> Paged<T> {
        Paged { rows, total: None, next: None, asked: false }
    }
}

impl<T> std::ops::Deref for Paged<T> {
    type Target = Vec<T>;

    fn deref(&self) -> &Vec<T> {
        &self.rows
    }
}

impl<T> std::ops::DerefMut for Paged<T> {
    fn deref_mut(&mut self) -> &mut Vec<T> {
        &mut self.rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_appended_only_for_the_cursor_waited_on() {
        let mut list = Paged::first(vec![1, 2], Some(5), Some("c2".into()));
        list.asked = true;
        assert!(!list.append("c1", vec![9], None), "an older cursor is dropped");
        assert_eq!(list.rows, [1, 2]);
        assert!(list.append("c2", vec![3, 4], Some("c3".into())));
        assert_eq!((list.rows.as_slice(), list.next.as_deref(), list.asked), (&[1, 2, 3, 4][..], Some("c3"), false));
        assert!(!list.append("c2", vec![3, 4], None), "the same page twice is appended once");
        assert!(list.append("c3", vec![5], None));
        assert_eq!((list.count(), list.has_more()), (5, false));
    }
}
