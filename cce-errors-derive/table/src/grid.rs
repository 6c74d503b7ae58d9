//! A reStructuredText grid-table reader.
//!
//! Cells are found by tracing their borders, the way docutils does, so the
//! reader does not assume every row has one line or that every border line
//! is complete. A cell whose text wraps over several lines comes back as one
//! string, its lines joined by a space; paragraphs inside a cell are joined by
//! a blank line. Cells that span rows or columns are reported as an error,
//! since an error-code table has none and a silently misread row would put the
//! wrong text on the wire.
//!
//! Positions are counted in `char`s. Documents whose cells hold East Asian
//! wide characters align their borders by display width; such a table fails
//! with a "malformed grid table" error at the line where it stops lining up
//! rather than being misread.

use std::fmt;

/// One grid table of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GridTable {
    /// The header row's cells (several header rows are joined per column).
    pub(crate) header: Vec<String>,
    /// The body rows, each with the 1-based document line of its first text line.
    pub(crate) rows: Vec<GridRow>,
    /// The 1-based line of the table's top border.
    pub(crate) line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GridRow {
    pub(crate) line: usize,
    pub(crate) cells: Vec<String>,
}

/// Why a grid table could not be read, with the 1-based document line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GridError {
    pub(crate) line: usize,
    pub(crate) message: String,
}

impl fmt::Display for GridError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Every grid table of `text`, in document order.
pub(crate) fn tables(text: &str) -> Vec<Result<GridTable, GridError>> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let trimmed = lines[i].trim_start();
        if is_top_border(trimmed) {
            let indent = lines[i].len() - trimmed.len();
            let start = i;
            while i < lines.len() && belongs_to_table(lines[i], indent) {
                i += 1;
            }
            let block: Vec<Vec<char>> = lines[start..i]
                .iter()
                .map(|l| l.get(indent..).unwrap_or("").trim_end().chars().collect())
                .collect();
            found.push(parse_block(&block, start + 1));
        } else {
            i += 1;
        }
    }
    found
}

fn is_top_border(line: &str) -> bool {
    line.len() > 2
        && line.starts_with("+-")
        && line.trim_end().ends_with('+')
        && line.trim_end().chars().all(|c| c == '+' || c == '-')
}

fn belongs_to_table(line: &str, indent: usize) -> bool {
    match line.get(indent..) {
        Some(rest) => {
            line[..indent].trim().is_empty() && (rest.starts_with('+') || rest.starts_with('|'))
        }
        None => false,
    }
}

/// A cell found by tracing its border: corners in block coordinates.
#[derive(Debug, Clone, Copy)]
struct Cell {
    top: usize,
    left: usize,
    bottom: usize,
    right: usize,
}

struct Block<'a> {
    lines: &'a [Vec<char>],
    first_line: usize,
}

impl Block<'_> {
    fn at(&self, row: usize, col: usize) -> char {
        self.lines
            .get(row)
            .and_then(|l| l.get(col))
            .copied()
            .unwrap_or(' ')
    }

    fn width(&self) -> usize {
        self.lines.first().map_or(0, Vec::len)
    }

    fn error(&self, row: usize, message: impl Into<String>) -> GridError {
        GridError {
            line: self.first_line + row,
            message: message.into(),
        }
    }

    /// From a top-left corner, follow the top edge right to the first corner
    /// that has a right edge going down to a bottom corner.
    fn trace(&self, top: usize, left: usize) -> Option<Cell> {
        let mut col = left + 1;
        while col < self.width() {
            match self.at(top, col) {
                '+' => {
                    if let Some(bottom) = self.trace_down(top, left, col) {
                        return Some(Cell {
                            top,
                            left,
                            bottom,
                            right: col,
                        });
                    }
                }
                '-' | '=' => {}
                _ => return None,
            }
            col += 1;
        }
        None
    }

    fn trace_down(&self, top: usize, left: usize, right: usize) -> Option<usize> {
        let mut row = top + 1;
        while row < self.lines.len() {
            match self.at(row, right) {
                '+' => {
                    if self.bottom_and_left_close(top, left, row, right) {
                        return Some(row);
                    }
                }
                '|' => {}
                _ => return None,
            }
            row += 1;
        }
        None
    }

    fn bottom_and_left_close(&self, top: usize, left: usize, bottom: usize, right: usize) -> bool {
        let bottom_ok = (left + 1..right).all(|c| matches!(self.at(bottom, c), '-' | '=' | '+'));
        let left_ok = self.at(bottom, left) == '+'
            && (top + 1..bottom).all(|r| matches!(self.at(r, left), '|' | '+'));
        bottom_ok && left_ok
    }

    /// The cell's text: each line's slice between the borders, trimmed;
    /// wrapped lines joined by a space, paragraphs by a blank line.
    fn text(&self, cell: Cell) -> String {
        let mut paragraphs: Vec<String> = Vec::new();
        let mut current = String::new();
        for row in cell.top + 1..cell.bottom {
            let line: String = (cell.left + 1..cell.right)
                .map(|c| self.at(row, c))
                .collect();
            let line = line.trim();
            if line.is_empty() {
                if !current.is_empty() {
                    paragraphs.push(std::mem::take(&mut current));
                }
            } else {
                if !current.is_empty() {
                    current.push(' ');
                }
                current.push_str(line);
            }
        }
        if !current.is_empty() {
            paragraphs.push(current);
        }
        paragraphs.join("\n\n")
    }
}

fn parse_block(lines: &[Vec<char>], first_line: usize) -> Result<GridTable, GridError> {
    let block = Block { lines, first_line };
    let width = block.width();
    let last = lines.len() - 1;
    if lines.len() < 3 {
        return Err(block.error(0, "malformed grid table: it ends after its top border"));
    }
    if let Some(row) = (0..lines.len()).find(|&r| lines[r].len() != width) {
        return Err(block.error(
            row,
            format!(
                "malformed grid table: this line is {} characters wide, the top border {width}",
                lines[row].len()
            ),
        ));
    }
    let bottom_is_border =
        lines[last].iter().all(|&c| matches!(c, '+' | '-')) && lines[last].first() == Some(&'+');
    if !bottom_is_border {
        return Err(block.error(
            last,
            "malformed grid table: it does not end with a border line",
        ));
    }

    // Header separator: the one border line made of '=' (docutils allows one).
    let header_rows: Vec<usize> = (0..lines.len())
        .filter(|&r| lines[r].first() == Some(&'+') && lines[r].contains(&'='))
        .collect();
    if header_rows.len() > 1 {
        return Err(block.error(
            header_rows[1],
            "malformed grid table: a second header separator (`+===+`)",
        ));
    }
    let header_end = header_rows.first().copied();

    let cells = trace_cells(&block)?;
    assemble(&block, &cells, header_end)
}

/// Traces every cell from its top-left corner, starting at the table's.
fn trace_cells(block: &Block<'_>) -> Result<Vec<Cell>, GridError> {
    let lines = block.lines;
    let width = block.width();
    let last = lines.len() - 1;
    let mut cells: Vec<Cell> = Vec::new();
    // Reading order, so that a cell spanning rows is traced before the
    // corners along its left edge, which then count as inside it.
    let mut corners = std::collections::BTreeSet::from([(0usize, 0usize)]);
    let mut claimed = vec![vec![false; width]; lines.len()];
    while let Some((top, left)) = corners.pop_first() {
        if top >= last || claimed[top][left] {
            continue;
        }
        let Some(cell) = block.trace(top, left) else {
            return Err(block.error(
                top + 1,
                "malformed grid table: a cell's border does not close",
            ));
        };
        for row in claimed.iter_mut().take(cell.bottom).skip(cell.top) {
            for slot in row.iter_mut().take(cell.right).skip(cell.left) {
                *slot = true;
            }
        }
        cells.push(cell);
        if cell.right < width - 1 {
            corners.insert((cell.top, cell.right));
        }
        if cell.bottom < last {
            corners.insert((cell.bottom, cell.left));
        }
    }
    if let Some(row) = claimed
        .iter()
        .take(last)
        .position(|r| r.iter().take(width - 1).any(|c| !c))
    {
        return Err(block.error(row, "malformed grid table: part of it belongs to no cell"));
    }
    Ok(cells)
}

/// Places the cells on the grid of distinct edges and splits header from body.
fn assemble(
    block: &Block<'_>,
    cells: &[Cell],
    header_end: Option<usize>,
) -> Result<GridTable, GridError> {
    // Rows and columns are the distinct edges; a cell covering more than one
    // of either spans, which an error-code table never does.
    let mut row_edges: Vec<usize> = cells.iter().flat_map(|c| [c.top, c.bottom]).collect();
    row_edges.sort_unstable();
    row_edges.dedup();
    let mut col_edges: Vec<usize> = cells.iter().flat_map(|c| [c.left, c.right]).collect();
    col_edges.sort_unstable();
    col_edges.dedup();
    let columns = col_edges.len() - 1;
    let mut grid: Vec<Vec<Option<String>>> = vec![vec![None; columns]; row_edges.len() - 1];
    for cell in cells {
        let (Ok(r0), Ok(r1), Ok(c0), Ok(c1)) = (
            row_edges.binary_search(&cell.top),
            row_edges.binary_search(&cell.bottom),
            col_edges.binary_search(&cell.left),
            col_edges.binary_search(&cell.right),
        ) else {
            return Err(block.error(cell.top, "malformed grid table"));
        };
        if r1 - r0 != 1 {
            return Err(block.error(
                cell.top + 1,
                "a cell spans several rows; an error-code table needs one value per cell",
            ));
        }
        if c1 - c0 != 1 {
            return Err(block.error(
                cell.top + 1,
                "a cell spans several columns; an error-code table needs one value per cell",
            ));
        }
        grid[r0][c0] = Some(block.text(*cell));
    }

    let mut header = vec![String::new(); columns];
    let mut rows = Vec::new();
    for (index, row) in grid.into_iter().enumerate() {
        let top = row_edges[index];
        let cells: Vec<String> = row.into_iter().map(Option::unwrap_or_default).collect();
        if header_end.is_some_and(|end| top < end) {
            for (joined, cell) in header.iter_mut().zip(cells) {
                if !cell.is_empty() {
                    if !joined.is_empty() {
                        joined.push(' ');
                    }
                    joined.push_str(&cell);
                }
            }
        } else {
            rows.push(GridRow {
                line: block.first_line + top + 1,
                cells,
            });
        }
    }
    if header_end.is_none() {
        return Err(block.error(
            0,
            "the grid table has no header row (a `+===+` line under the column names)",
        ));
    }
    Ok(GridTable {
        header,
        rows,
        line: block.first_line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Result<GridTable, GridError> {
        let mut all = tables(text);
        assert_eq!(all.len(), 1, "expected one table in {text}");
        all.remove(0)
    }

    #[test]
    fn reads_a_simple_table() {
        let t = one("intro\n\n+----+-----+\n| A  | B   |\n+====+=====+\n| 1  | x y |\n+----+-----+\n| 2  | z   |\n+----+-----+\n\nafter\n")
            .unwrap();
        assert_eq!(t.header, ["A", "B"]);
        assert_eq!(t.line, 3);
        assert_eq!(
            t.rows,
            [
                GridRow {
                    line: 6,
                    cells: vec!["1".into(), "x y".into()]
                },
                GridRow {
                    line: 8,
                    cells: vec!["2".into(), "z".into()]
                },
            ]
        );
    }

    #[test]
    fn joins_wrapped_cells_and_paragraphs() {
        let text = [
            "   +--------+-----------------+",
            "   | Code   | Message         |",
            "   | name   |                 |",
            "   +========+=================+",
            "   | X.0001 | The resource is |",
            "   |        | locked by       |",
            "   |        | another request.|",
            "   |        |                 |",
            "   |        | Retry later.    |",
            "   +--------+-----------------+",
        ]
        .join("\n");
        let t = one(&text).unwrap();
        assert_eq!(t.header, ["Code name", "Message"]);
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].line, 5);
        assert_eq!(
            t.rows[0].cells,
            [
                "X.0001",
                "The resource is locked by another request.\n\nRetry later."
            ]
        );
    }

    #[test]
    fn keeps_non_ascii_text() {
        let t =
            one("+---+------+\n| A | B    |\n+===+======+\n| 1 | café |\n+---+------+\n").unwrap();
        assert_eq!(t.rows[0].cells, ["1", "café"]);
    }

    #[test]
    fn reports_spans_and_broken_borders_with_their_line() {
        let spanning =
            "+---+---+\n| A | B |\n+===+===+\n| 1 | 2 |\n+---+   +\n| 3 |   |\n+---+---+\n";
        let err = one(spanning).unwrap_err();
        assert_eq!(err.line, 4);
        assert!(err.message.contains("spans several rows"), "{err}");

        let colspan = "+---+---+\n| A | B |\n+===+===+\n| 1  2  |\n+---+---+\n";
        let err = one(colspan).unwrap_err();
        assert!(err.message.contains("spans several columns"), "{err}");

        let ragged = "+---+---+\n| A | B |\n+===+===+\n| 1 | 2  |\n+---+---+\n";
        let err = one(ragged).unwrap_err();
        assert_eq!(err.line, 4);

        let no_header = "+---+---+\n| A | B |\n+---+---+\n";
        assert!(one(no_header).unwrap_err().message.contains("no header"));

        let unclosed = "+---+---+\n| A | B |\n+===+===+\n| 1 | 2 |\n";
        assert!(one(unclosed).unwrap_err().message.contains("border"));
    }

    #[test]
    fn finds_every_table_and_ignores_other_text() {
        let text = "+---+\n| A |\n+===+\n| 1 |\n+---+\n\n| not a table |\n\n+---+\n| B |\n+===+\n| 2 |\n+---+\n";
        let all: Vec<GridTable> = tables(text).into_iter().map(Result::unwrap).collect();
        assert_eq!(all.len(), 2);
        assert_eq!(all[1].header, ["B"]);
        assert_eq!(all[1].rows[0].line, 12);
    }

    #[test]
    fn never_panics_on_ragged_input() {
        for text in [
            "+-+\n",
            "+-+\n|\n",
            "+--+\n|é|\n+==+",
            "+---+---+\n|   |\n+===+\n",
            "+-----+\n| a | |\n+=+===+\n| | |\n+-+-+-+\n",
            "  +--+\n  |a |\n +==+\n",
        ] {
            let _ = tables(text);
        }
    }
}
