//! A streaming text grid for `-table`. Memory stays bounded whatever the number of
//! rows: the first `SAMPLE` rows are held to measure the columns, then the widths
//! are fixed and every later row is written as it comes. A cell wider than its
//! column wraps onto more lines of the same row (nothing is cut off), so widths
//! never change half-way through a listing.
//!
//! The frame is drawn with Unicode box characters only when stdout is a terminal
//! and the locale is UTF-8; anything else (a pipe, a file, `LANG=C`) gets ASCII.
//! When the terminal (or `COLUMNS`) gives a width, the widest columns give way
//! (their cells wrap) until the grid fits; when even the narrowest columns do not
//! fit, the columns the caller named as least needed are left out, in its order.

use std::io::{self, Write};

/// Rows held back to measure column widths before any row is written.
pub const SAMPLE: usize = 1000;

/// A column never shrinks below its header, this many characters, or its natural
/// width, whichever is least: headers never wrap.
const MIN_WIDTH: usize = 6;

/// Columns shrink to this width (or their header's) before any column is left out:
/// an IPv4 address or a short list still fits on a line or two.
const READABLE_WIDTH: usize = 12;

/// The characters that draw the frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Glyphs {
    /// left, fill, join, right: top border, header rule, bottom border.
    top: [char; 4],
    rule: [char; 4],
    bottom: [char; 4],
    /// Outer and inner vertical lines.
    side: char,
    inner: char,
}

pub const UNICODE: Glyphs = Glyphs {
    top: ['┌', '─', '┬', '┐'],
    rule: ['╞', '═', '╪', '╡'],
    bottom: ['└', '─', '┴', '┘'],
    side: '│',
    inner: '┆',
};

pub const ASCII: Glyphs = Glyphs {
    top: ['+', '-', '+', '+'],
    rule: ['+', '=', '+', '+'],
    bottom: ['+', '-', '+', '+'],
    side: '|',
    inner: '|',
};

/// How the grid is drawn: its characters and the width it must fit, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GridStyle {
    pub glyphs: Glyphs,
    pub max_width: Option<usize>,
}

/// Rows of cells (a cell may hold several lines, `\n`-separated) written to `out`.
pub struct Grid<W: Write> {
    out: W,
    style: GridStyle,
    headers: Vec<&'static str>,
    /// Rows held until the widths are known (`widths` is None until then).
    pending: Vec<Vec<String>>,
    widths: Option<Vec<usize>>,
    /// Columns shown (all, unless the whole table was measured and some are empty,
    /// or the width forced some out).
    shown: Vec<usize>,
    /// Columns to leave out first when the grid cannot fit its width.
    drop_order: Vec<usize>,
}

impl<W: Write> Grid<W> {
    pub fn new(out: W, style: GridStyle, headers: &[&'static str]) -> Self {
        Grid {
            out,
            style,
            headers: headers.to_vec(),
            pending: Vec::new(),
            widths: None,
            shown: (0..headers.len()).collect(),
            drop_order: Vec::new(),
        }
    }

    /// The columns (by index) to leave out, in this order, when the grid cannot
    /// fit its width otherwise.
    pub fn drop_order(mut self, columns: &[usize]) -> Self {
        self.drop_order = columns.to_vec();
        self
    }

    pub fn push(&mut self, row: Vec<String>) -> io::Result<()> {
        if self.widths.is_some() {
            return self.write_row(&row);
        }
        self.pending.push(row);
        if self.pending.len() >= SAMPLE {
            self.settle(false)?;
        }
        Ok(())
    }

    /// Writes what is held and the bottom border.
    pub fn finish(mut self) -> io::Result<()> {
        if self.widths.is_none() {
            self.settle(true)?;
        }
        let line = self.border(self.style.glyphs.bottom);
        writeln!(self.out, "{line}")?;
        self.out.flush()
    }

    /// Fixes the widths from the rows held, then writes the header and those rows.
    /// With `complete` (every row is held), columns empty in every row are left out.
    fn settle(&mut self, complete: bool) -> io::Result<()> {
        let mut natural: Vec<usize> = self.headers.iter().map(|h| h.chars().count()).collect();
        let mut filled = vec![false; self.headers.len()];
        for row in &self.pending {
            for (i, cell) in row.iter().enumerate() {
                let widest = cell.lines().map(|l| l.chars().count()).max().unwrap_or(0);
                natural[i] = natural[i].max(widest);
                filled[i] |= !cell.is_empty();
            }
        }
        if complete && !self.pending.is_empty() {
            self.shown.retain(|&i| i == 0 || filled[i]);
        }
        let minimum = |floor: usize| -> Vec<usize> {
            let floor_of = |h: &str| h.chars().count().max(floor);
            natural
                .iter()
                .zip(&self.headers)
                .map(|(&w, h)| w.min(floor_of(h)))
                .collect()
        };
        // Columns first give way down to a width that still reads well; then the
        // least needed columns go; only then do the rest shrink to their headers.
        let (readable, tight) = (minimum(READABLE_WIDTH), minimum(MIN_WIDTH));
        let mut drops = self.drop_order.iter();
        let widths = loop {
            let mut widths = natural.clone();
            if fit(&mut widths, &readable, &self.shown, self.style.max_width) {
                break widths;
            }
            match drops.find(|c| self.shown.contains(c)) {
                Some(&column) => self.shown.retain(|&i| i != column),
                None => {
                    // At worst the terminal wraps the lines.
                    let mut widths = natural.clone();
                    fit(&mut widths, &tight, &self.shown, self.style.max_width);
                    break widths;
                }
            }
        };
        self.widths = Some(widths);
        let top = self.border(self.style.glyphs.top);
        writeln!(self.out, "{top}")?;
        let header: Vec<String> = self.headers.iter().map(|h| h.to_string()).collect();
        self.write_row(&header)?;
        let rule = self.border(self.style.glyphs.rule);
        writeln!(self.out, "{rule}")?;
        for row in std::mem::take(&mut self.pending) {
            self.write_row(&row)?;
        }
        Ok(())
    }

    fn border(&self, [left, fill, join, right]: [char; 4]) -> String {
        let widths = self.widths.as_deref().unwrap_or(&[]);
        let mut line = String::new();
        line.push(left);
        for (n, &i) in self.shown.iter().enumerate() {
            if n > 0 {
                line.push(join);
            }
            line.extend(std::iter::repeat_n(fill, widths[i] + 2));
        }
        line.push(right);
        line
    }

    /// Writes one row. A cell's own lines (multipath legs) stay side by side
    /// across columns; each is wrapped to its column on its own.
    fn write_row(&mut self, row: &[String]) -> io::Result<()> {
        let cell = |i: usize| row.get(i).map(String::as_str).unwrap_or("");
        let legs = self
            .shown
            .iter()
            .map(|&i| cell(i).split('\n').count())
            .max()
            .unwrap_or(1);
        for leg in 0..legs {
            let widths = self.widths.as_deref().unwrap_or(&[]);
            let cells: Vec<Vec<String>> = self
                .shown
                .iter()
                .map(|&i| wrap(cell(i).split('\n').nth(leg).unwrap_or(""), widths[i]))
                .collect();
            self.write_lines(&cells)?;
        }
        Ok(())
    }

    /// Writes cells that each hold their wrapped lines, padded to the tallest.
    fn write_lines(&mut self, cells: &[Vec<String>]) -> io::Result<()> {
        let widths = self.widths.as_deref().unwrap_or(&[]);
        let height = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let g = self.style.glyphs;
        let mut line = String::new();
        for k in 0..height {
            line.clear();
            line.push(g.side);
            for (n, (&i, cell)) in self.shown.iter().zip(cells).enumerate() {
                if n > 0 {
                    line.push(g.inner);
                }
                let text = cell.get(k).map(String::as_str).unwrap_or("");
                line.push(' ');
                line.push_str(text);
                let pad = widths[i] - text.chars().count();
                line.extend(std::iter::repeat_n(' ', pad + 1));
            }
            line.push(g.side);
            writeln!(self.out, "{line}")?;
        }
        Ok(())
    }
}

/// Shrinks the widest shown columns, one character at a time, until the grid fits
/// `max_width` (true) or every column is at its minimum (false).
fn fit(widths: &mut [usize], minimum: &[usize], shown: &[usize], max_width: Option<usize>) -> bool {
    let Some(max_width) = max_width else {
        return true;
    };
    // `│ a ┆ b │`: one frame character per column plus one, a space each side.
    let frame = 3 * shown.len() + 1;
    let budget = max_width.saturating_sub(frame);
    let mut total: usize = shown.iter().map(|&i| widths[i]).sum();
    while total > budget {
        let widest = shown
            .iter()
            .copied()
            .filter(|&i| widths[i] > minimum[i])
            .max_by_key(|&i| (widths[i], std::cmp::Reverse(i)));
        let Some(i) = widest else {
            return false;
        };
        widths[i] -= 1;
        total -= 1;
    }
    true
}

/// The lines of `cell` within `width` characters: its own lines, each cut at the
/// last break point that fits (or at `width` when there is none).
fn wrap(cell: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    for line in cell.split('\n') {
        let mut rest: Vec<char> = line.chars().collect();
        while rest.len() > width && width > 0 {
            // After ',' ' ' ':' or before '/': a list, an address or a prefix
            // length breaks where a reader expects it.
            let cut = (1..=width)
                .rev()
                .find(|&p| matches!(rest[p - 1], ',' | ' ' | ':') || rest[p] == '/')
                .unwrap_or(width);
            out.push(
                rest[..cut]
                    .iter()
                    .collect::<String>()
                    .trim_end()
                    .to_string(),
            );
            rest.drain(..cut);
        }
        out.push(rest.into_iter().collect());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(style: GridStyle, rows: &[&[&str]]) -> String {
        let mut out = Vec::new();
        let mut grid = Grid::new(&mut out, style, &["dst", "gateway", "flags"]);
        for row in rows {
            grid.push(row.iter().map(|s| s.to_string()).collect())
                .unwrap();
        }
        grid.finish().unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn ascii_frame_and_empty_columns_left_out() {
        let style = GridStyle {
            glyphs: ASCII,
            max_width: None,
        };
        let text = render(
            style,
            &[&["default", "10.1.0.254", ""], &["10.0.0.0/8", "", ""]],
        );
        assert_eq!(
            text,
            "+------------+------------+\n\
             | dst        | gateway    |\n\
             +============+============+\n\
             | default    | 10.1.0.254 |\n\
             | 10.0.0.0/8 |            |\n\
             +------------+------------+\n"
        );
    }

    #[test]
    fn fits_the_width_by_wrapping_the_widest_column() {
        let style = GridStyle {
            glyphs: UNICODE,
            max_width: Some(30),
        };
        let text = render(
            style,
            &[&["10.0.0.0/8", "2001:db8:1::2", "onlink,linkdown,dead"]],
        );
        for line in text.lines() {
            assert!(line.chars().count() <= 30, "{line:?} in\n{text}");
        }
        assert!(text.contains("onlink,"), "{text}");
        assert!(text.starts_with('┌'), "{text}");
    }

    #[test]
    fn widths_stay_fixed_after_the_sample() {
        let style = GridStyle {
            glyphs: ASCII,
            max_width: None,
        };
        let mut rows: Vec<[String; 3]> = (0..SAMPLE)
            .map(|i| [format!("10.0.{}.0/24", i % 250), String::new(), "x".into()])
            .collect();
        rows.push(["2001:db8:aaaa:bbbb::/64".into(), String::new(), "x".into()]);
        let mut out = Vec::new();
        let mut grid = Grid::new(&mut out, style, &["dst", "gateway", "flags"]);
        for row in rows {
            grid.push(row.to_vec()).unwrap();
        }
        grid.finish().unwrap();
        let text = String::from_utf8(out).unwrap();
        let lengths: std::collections::BTreeSet<usize> =
            text.lines().map(|l| l.chars().count()).collect();
        assert_eq!(lengths.len(), 1, "one line width for the whole table");
        assert!(text.contains("| 2001:db8:     |"), "{text}");
        assert!(text.contains("| aaaa:bbbb::   |"), "{text}");
        assert!(text.contains("| /64           |"), "{text}");
    }

    #[test]
    fn legs_stay_aligned_and_least_needed_columns_go_first() {
        let style = GridStyle {
            glyphs: ASCII,
            max_width: Some(27),
        };
        let mut out = Vec::new();
        let mut grid = Grid::new(&mut out, style, &["dst", "gateway", "flags"]).drop_order(&[2]);
        grid.push(vec![
            "10.12.0.0/16".into(),
            "10.1.0.2\n10.2.0.2".into(),
            "\nonlink".into(),
        ])
        .unwrap();
        grid.finish().unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "+--------------+----------+\n\
             | dst          | gateway  |\n\
             +==============+==========+\n\
             | 10.12.0.0/16 | 10.1.0.2 |\n\
             |              | 10.2.0.2 |\n\
             +--------------+----------+\n"
        );
    }

    #[test]
    fn wrapping_prefers_commas_and_spaces() {
        assert_eq!(wrap("onlink,linkdown", 8), ["onlink,", "linkdown"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("a\nb", 4), ["a", "b"]);
        assert_eq!(wrap("10.35.0.0/16", 11), ["10.35.0.0", "/16"]);
        assert_eq!(wrap("2001:db8:1::2", 11), ["2001:db8:1:", ":2"]);
        assert_eq!(wrap("", 4), [""]);
    }
}
