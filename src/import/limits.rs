//! What a workbook may make the importer allocate: a few bytes of zip can unpack to
//! gigabytes, and one cell at XFD1048576 makes a dense sheet of 17 billion cells. Both
//! are refused before they are read, saying which limit and why.

use std::fs::File;
use std::io::{BufReader, Read as _};
use std::path::Path;

use anyhow::{bail, Context as _, Result};

/// The most cells a sheet's used range (from A1 to its last row and column) may span.
pub const MAX_CELLS: u64 = 5_000_000;

/// The most bytes one part of a workbook (a sheet, the shared strings) may unpack to.
pub const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;

/// `1.5 GB`, `300 MB`, `12 KB`.
fn size_text(bytes: u64) -> String {
    let units = [(1u64 << 30, "GB"), (1 << 20, "MB"), (1 << 10, "KB")];
    let Some((n, unit)) = units.iter().find(|(n, _)| bytes >= *n) else { return format!("{bytes} bytes") };
    let x = bytes as f64 / *n as f64;
    format!("{x:.prec$} {unit}", prec = usize::from(x < 10.0))
}

/// `17 179 869 184`: digits in groups of three.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let gap = |i: usize| (i > 0 && (digits.len() - i).is_multiple_of(3)).then_some(' ');
    digits.chars().enumerate().flat_map(|(i, d)| gap(i).into_iter().chain([d])).collect()
}

/// Refuses a zip-based workbook (.xlsx, .xlsm, .xlsb, .ods) with a part that unpacks
/// to more than [`MAX_PART_BYTES`], by the sizes the zip's directory gives.
pub fn check_parts(path: &Path, file_name: &str) -> Result<()> {
    let file = File::open(path).with_context(|| format!("reading {}", path.display()))?;
    let Ok(mut zip) = zip::ZipArchive::new(BufReader::new(file)) else {
        // Not a zip: the workbook reader says what is wrong with it.
        return Ok(());
    };
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).with_context(|| format!("reading {}", path.display()))?;
        let name = entry.name().map(std::borrow::Cow::into_owned).unwrap_or_default();
        // The directory's size may lie: count what the part really unpacks to.
        let declared = entry.size();
        let unpacked = if declared > MAX_PART_BYTES {
            declared
        } else {
            std::io::copy(&mut (&mut entry).take(MAX_PART_BYTES + 1), &mut std::io::sink()).unwrap_or(0)
        };
        if unpacked > MAX_PART_BYTES {
            let max = size_text(MAX_PART_BYTES);
            let size = if declared > MAX_PART_BYTES { size_text(declared) } else { format!("more than {max}") };
            bail!(
                "{file_name}: workbook part {name} unpacks to {size}; at most {max} are read, so that a small file \
                 cannot take the memory of the machine. Save the ledger again from Excel (a real ledger is \
                 far smaller), or remove what makes it that large"
            );
        }
    }
    Ok(())
}

/// Refuses a sheet whose used range, from A1 to `last` (0-based row, column), spans
/// more than [`MAX_CELLS`] cells.
pub fn check_span(file: &str, sheet: &str, last: (u32, u32)) -> Result<()> {
    let cells = (u64::from(last.0) + 1) * (u64::from(last.1) + 1);
    if cells > MAX_CELLS {
        bail!(
            "{file}: sheet 「{sheet}」 spans A1:{} ({} cells); at most {} cells are read, so that one stray \
             cell far from the table cannot take the memory of the machine. Delete the rows and columns \
             after the table in Excel (select them, Delete), save and import again",
            cell_name(last),
            grouped(cells),
            grouped(MAX_CELLS)
        );
    }
    Ok(())
}

/// `XFD1048576` for the 0-based (1048575, 16383).
pub fn cell_name((row, col): (u32, u32)) -> String {
    // Bijective base 26: A…Z, AA…
    let places = std::iter::successors(Some(col + 1), |c| Some((c - 1) / 26).filter(|&c| c > 0));
    let letters: Vec<char> = places.map(|c| char::from(b'A' + ((c - 1) % 26) as u8)).collect();
    format!("{}{}", letters.iter().rev().collect::<String>(), row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cells_and_sizes() {
        assert_eq!(cell_name((0, 0)), "A1");
        assert_eq!(cell_name((6, 27)), "AB7");
        assert_eq!(cell_name((1_048_575, 16_383)), "XFD1048576");
        assert_eq!(grouped(17_179_869_184), "17 179 869 184");
        assert_eq!(grouped(999), "999");
        assert_eq!(size_text(1_610_612_736), "1.5 GB");
        assert_eq!(size_text(MAX_PART_BYTES), "256 MB");
    }

    #[test]
    fn refuses_a_span_past_the_limit() {
        assert!(check_span("a.xlsx", "台账", (999, 49)).is_ok());
        let e = check_span("a.xlsx", "台账", (1_048_575, 16_383)).unwrap_err().to_string();
        assert!(e.contains("sheet 「台账」 spans A1:XFD1048576 (17 179 869 184 cells); at most 5 000 000"), "{e}");
    }
}
