//! The names this build gave the stylesheet, the JS and the wasm, read once.
//!
//! A release build (cargo-leptos `hash-files`) names them by content (`coldcopy.HASH.css`) and
//! writes the hashes to `hash.txt` beside the server binary; without that file (a debug build,
//! the tests) they keep their plain names. Leptos's own `HashedStylesheet` and
//! `HydrationScripts` read `hash.txt` from disk on every render; the shell links through this
//! instead.

use std::sync::OnceLock;

use leptos::config::LeptosOptions;

/// The URLs of the site's three built files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SiteFiles {
    pub(crate) css: String,
    pub(crate) js: String,
    pub(crate) wasm: String,
}

impl SiteFiles {
    /// This build's files (read on the first call; the build does not change while it runs).
    pub(crate) fn get(options: &LeptosOptions) -> &'static SiteFiles {
        static FILES: OnceLock<SiteFiles> = OnceLock::new();
        FILES.get_or_init(|| {
            let hashes = options
                .hash_files
                .then(|| {
                    let exe = std::env::current_exe().ok()?;
                    std::fs::read_to_string(exe.parent()?.join(options.hash_file.as_ref())).ok()
                })
                .flatten();
            Self::named(options, hashes.as_deref())
        })
    }

    /// The URLs for `options`, with the hashes of a `hash.txt` (`css: HASH` lines) when there
    /// is one.
    fn named(options: &LeptosOptions, hashes: Option<&str>) -> Self {
        let hash = |kind: &str| {
            hashes?.lines().find_map(|line| {
                let (file, hash) = line.trim().split_once(':')?;
                (file.trim() == kind).then(|| format!(".{}", hash.trim()))
            })
        };
        let name = &options.output_name;
        let pkg = &options.site_pkg_dir;
        // Without hashes, cargo-leptos (which sets LEPTOS_OUTPUT_NAME) writes NAME.wasm and a
        // plain wasm-bindgen build NAME_bg.wasm, as Leptos's own `HydrationScripts` expects.
        let plain_wasm = if option_env!("LEPTOS_OUTPUT_NAME").is_some() {
            ""
        } else {
            "_bg"
        };
        Self {
            css: format!("/{pkg}/{name}{}.css", hash("css").unwrap_or_default()),
            js: format!("/{pkg}/{name}{}.js", hash("js").unwrap_or_default()),
            wasm: format!(
                "/{pkg}/{name}{}.wasm",
                hash("wasm").unwrap_or_else(|| plain_wasm.to_owned())
            ),
        }
    }

    /// The inline module script that loads the JS, which loads the wasm and hydrates each of the
    /// page's islands (`<leptos-island data-component=NAME>`, hydrated by the wasm's export of
    /// that name, in document order; a lazy island's export loads its own part of the wasm
    /// first). The shell puts it only on a page that has an island (`platform::islands`).
    ///
    /// It starts once the page has loaded and its first contentful paint is recorded, so on a
    /// slow phone connection the wasm never competes with what the visitor sees first; until it
    /// arrives, every form posts and every link works without it.
    ///
    /// The `load` event alone came before the first paint (about 110 ms against 180 ms on
    /// loopback), so the wasm was already downloading when the page was first painted, and
    /// Lighthouse's simulated slow 4G then counted the whole wasm before the largest paint:
    /// LCP 3.2 s instead of 0.9 s in some runs (5 of 23 on `/generate` with the paywall open).
    /// Browsers without paint timing start on `load`.
    ///
    /// Hydration waits for a task of its own (`setTimeout`) after the wasm is compiled and
    /// instantiated: chained as promises, the two ran as one long task (about 350 ms at a
    /// phone's 4x slower CPU), and the browser could answer no tap until both were done. Split,
    /// Lighthouse's Total Blocking Time on `/s/{id}` fell from 230-270 ms to 170-200 ms
    /// (docs/PERFORMANCE.md).
    ///
    /// Its first line follows the history, the one place that does: the form gives a sequence
    /// its address while it streams (`history.pushState`), so two entries of the history share
    /// one document, and after a reload Chrome keeps them sharing the reloaded one. Back or
    /// forward to another address then only changes the address bar, so the page is loaded
    /// again; this works from the first instant, before the islands start (the Playwright
    /// journey "the brief is kept" once pressed back then). The islands no longer keep a
    /// listener of their own: two reloads from one popstate were the one thing different when
    /// Chromium's page crashed on that back press in CI.
    pub(crate) fn hydration_script(&self) -> String {
        format!(
            "const here = location.pathname; addEventListener(\"popstate\", () => {{ if (location.pathname !== here) location.reload(); }});\n\
             try {{ const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || \"\"; if (/^[A-Za-z0-9/_+-]{{1,64}}$/.test(zone) && !document.cookie.split(\"; \").includes(\"coldcopy_tz=\" + zone)) document.cookie = \"coldcopy_tz=\" + zone + \"; path=/; max-age=31536000; samesite=lax\"; }} catch {{}}\n\
             const islands = async (m) => {{ m.hydrate(); for (const el of document.querySelectorAll(\"leptos-island\")) {{ const island = m[el.dataset.component]; if (island) await island(el); }} }};\n\
             const hydrate = () => import({js:?}).then((m) => m.default({{ module_or_path: {wasm:?} }}).then(() => new Promise((next) => setTimeout(next))).then(() => islands(m)));\n\
             const painted = (then) => {{\n\
               if (!globalThis.PerformanceObserver?.supportedEntryTypes?.includes(\"paint\")) return then();\n\
               new PerformanceObserver((list, seen) => {{\n\
                 if (list.getEntriesByName(\"first-contentful-paint\").length) {{ seen.disconnect(); then(); }}\n\
               }}).observe({{ type: \"paint\", buffered: true }});\n\
             }};\n\
             const start = () => painted(hydrate);\n\
             if (document.readyState === \"complete\") start(); else addEventListener(\"load\", start, {{ once: true }});",
            js = self.js,
            wasm = self.wasm
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_named_by_their_hashes_when_the_build_wrote_them() {
        let options = LeptosOptions::builder().output_name("coldcopy").build();
        let files = SiteFiles::named(&options, Some("js: AbC-12\nwasm: WaSm_34\ncss: CsS56\n"));
        assert_eq!(files.css, "/pkg/coldcopy.CsS56.css");
        assert_eq!(files.js, "/pkg/coldcopy.AbC-12.js");
        assert_eq!(files.wasm, "/pkg/coldcopy.WaSm_34.wasm");
        let script = files.hydration_script();
        assert!(
            script.contains(r#"import("/pkg/coldcopy.AbC-12.js").then((m) => m.default({ module_or_path: "/pkg/coldcopy.WaSm_34.wasm" }).then(() => new Promise((next) => setTimeout(next))).then(() => islands(m)))"#),
            "{script}"
        );
        assert!(
            script.contains(r#"const start = () => painted(hydrate);"#),
            "{script}"
        );
        assert!(
            script.contains(r#"addEventListener("load", start"#),
            "{script}"
        );
        let plain = SiteFiles::named(&options, None);
        assert_eq!(plain.css, "/pkg/coldcopy.css");
        assert_eq!(plain.js, "/pkg/coldcopy.js");
        assert!(plain.wasm.starts_with("/pkg/coldcopy"), "{}", plain.wasm);
    }
}
