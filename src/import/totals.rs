//! The ledger's own 合计 row against the rows imported: a ledger whose rows do not add
//! up to its total has a wrong figure somewhere, and the office should see both.

use super::columns::Field;
use super::records::{read_amount, Columns, Record};
use super::sheets::Total;
use super::{Loc, Problem};
use crate::model::Site;
use crate::num::Decimal;

/// The amounts a total row is compared on.
const COMPARED: [Field; 5] =
    [Field::TotalInvestment, Field::PriorInvested, Field::AnnualPlan, Field::Ytd, Field::Invested];

/// Compares the total row with the sums of `records` (the rows of its sheet, all read
/// without error): a warning per amount that differs. A total whose count of projects
/// is not the number of rows read covers rows the sheet does not list: a note says it
/// was not compared.
pub fn compare(
    total: &Total,
    loc: Loc,
    records: &[Record],
    cols: &Columns,
    site: &Site,
    problems: &mut Vec<Problem>,
    notes: &mut Vec<String>,
) {
    if let Some(n) = total.count.filter(|n| *n != records.len()) {
        notes.push(format!(
            "{}: the total row counts {n} projects and the sheet lists {}, so its figures were not compared",
            loc.label(),
            records.len()
        ));
        return;
    }
    for field in COMPARED {
        for (col, cell) in total.row.all(field) {
            let month = cols.month_of(col);
            if field.is_monthly() && month != cols.month {
                continue;
            }
            let Ok(Some(ledger)) = read_amount(cell, cols.heads.get(col), site) else { continue };
            let sum: Decimal = records.iter().filter_map(|r| r.amount(field, month)).sum();
            if sum != ledger {
                let header = cols.column_headers.get(col).cloned().unwrap_or_default();
                let msg = format!(
                    "the total row gives {header} {ledger} {unit}, the {} rows imported add up to {sum} {unit} \
                     (difference {})",
                    records.len(),
                    ledger - sum,
                    unit = site.money_unit
                );
                let help = "check the rows and the total in the ledger: one of them is wrong".to_string();
                problems.push(Problem::warning(loc.clone(), msg, Some(help)));
            }
        }
    }
}
