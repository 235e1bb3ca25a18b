//! `guatu init DIR`: a new board with a small example that builds as it is.

use std::fs;
use std::path::Path;

use anyhow::{bail, Context as _, Result};

use super::Outcome;
use crate::cli::InitArgs;

/// The example board's files (kept as files under `src/init/`), by path in the new board.
const FILES: &[(&str, &str)] = &[
    ("content/site.yaml", include_str!("../init/content/site.yaml")),
    ("content/projects/zhineng-zhizao.yaml", include_str!("../init/content/projects/zhineng-zhizao.yaml")),
    ("content/projects/chengguan-lu.yaml", include_str!("../init/content/projects/chengguan-lu.yaml")),
    ("content/projects/xuexiao.yaml", include_str!("../init/content/projects/xuexiao.yaml")),
    ("content/pages/about.md", include_str!("../init/content/pages/about.md")),
    (".gitignore", include_str!("../init/gitignore")),
];

/// Writes the example board into `DIR`, which must be empty or missing.
pub fn run(args: &InitArgs, quiet: bool) -> Result<Outcome> {
    let dir = &args.dir;
    if dir.exists() {
        let mut entries = fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))?;
        if entries.next().is_some() {
            bail!("{} is not empty: pass a new or empty folder (guatu init never overwrites files)", dir.display());
        }
    }
    for (rel, text) in FILES {
        let path = dir.join(rel);
        fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))
            .with_context(|| format!("creating the folder of {}", path.display()))?;
        fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    if !quiet {
        let d = dir.display();
        eprintln!("created a board with 3 example projects in {d}");
        eprintln!("next:");
        eprintln!("  cd {d}");
        eprintln!("  guatu serve     preview it in a browser; save a change under content/ and the page reloads");
        eprintln!("  guatu build     make the site to publish, in output/");
    }
    Ok(Outcome::Ok)
}
