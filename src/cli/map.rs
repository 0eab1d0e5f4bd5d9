//! `toponym map FILE… -o MAP.png|MAP.svg`

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use super::geojson::{file_docs, read_corrections, spooled_collection, stream_stories, StoryArgs, Told};
use super::style::{self, StyleArgs};
use super::{Exit, OutputSet};
use toponym::emit::alt_text::alt_text;
use toponym::emit::png::{self, MapOptions, ProjectionKind, Theme, MAX_SIDE_PX};
use toponym::emit::png::{Dropped, Layout};
use toponym::emit::story_map::{auto_title, story_map, StoryMap};
use toponym::gazetteer::Gazetteer;
use toponym::parse::parse_extent;
use toponym::story::corrections::{Corrections, MapSettings};
use toponym::story::Story;

/// Draw the story a text tells on a map: places, the route travelled, launch sites and launch
/// tracks, on a Natural Earth basemap, as PNG (or SVG when the output ends in .svg).
#[derive(clap::Args)]
#[command(after_help = "Examples:
  toponym map examples/summit.txt -o output/summit.png --geojson output/summit.geojson
  toponym map story.txt --route 'Lisbon > Madrid > Paris' --title 'By rail to Paris' -o trip.png
  toponym map story.txt --theme print --scale 2 --extent 120,35,145,55 -o print.png
  toponym map story.txt -o story.svg --alt-text story.alt.txt
  toponym map articles/*.txt --layout check.json -o event.png

The SVG is for an illustrator to finish: one named group per layer (basemap with its parts,
routes, markers, labels, furniture), text as live <text>, the alt text as its <desc>.

Framing: the extent holds the story's core (its journey, launch sites and tracks, and the
places near them or named often); a place named once far from the rest does not widen it.
--layout writes what the map shows as JSON: extent, projection, every label with its
position in px, and what was left off and why.

Exit status: 0 written, 1 written but no place found, 2 usage or input error.")]
pub struct Args {
    #[command(flatten)]
    story: StoryArgs,
    /// Output image (.png or .svg); written atomically, together with --geojson or not at all.
    #[arg(short, long)]
    output: String,
    /// Also write the story as GeoJSON (with a QGIS style next to it: see --style).
    #[arg(long, value_name = "PATH")]
    geojson: Option<String>,
    #[command(flatten)]
    style: StyleArgs,
    /// Also write what the map shows (extent, projection, labels with positions, what was
    /// left off and why) as JSON.
    #[arg(long, value_name = "FILE.json")]
    layout: Option<String>,
    /// Title above the map; `auto` derives one from the story (the journey, else the launch,
    /// else the main places), `none` leaves it off. Default: auto for several documents, none
    /// for one.
    #[arg(long)]
    title: Option<String>,
    /// One-line subtitle under the title (with `--title auto`: derived too, e.g. the stops).
    #[arg(long)]
    subtitle: Option<String>,
    /// Width in px, 64..=8000 (with --scale, the image is at most 8000 px a side: an A2 sheet
    /// at 300 dpi). Default: the corrections' map.width, else 1600.
    #[arg(long, value_parser = clap::value_parser!(u32).range(64..=MAX_SIDE_PX as i64))]
    width: Option<u32>,
    /// Height in px, 64..=8000. Default: the corrections' map.height, else 1200.
    #[arg(long, value_parser = clap::value_parser!(u32).range(64..=MAX_SIDE_PX as i64))]
    height: Option<u32>,
    /// Pixel density, 0.25..=4 (2 for high-DPI screens and print).
    #[arg(long, default_value_t = 1.0)]
    scale: f32,
    /// light | dark | print (greyscale-safe). Default: the corrections' map.theme, else light.
    #[arg(long)]
    theme: Option<String>,
    /// Map extent W,S,E,N in degrees (default: the corrections' map.extent, else fit the story).
    #[arg(long, value_name = "W,S,E,N", allow_hyphen_values = true)]
    extent: Option<String>,
    /// conic | equal-earth | equirectangular (default: chosen from the extent).
    #[arg(long)]
    projection: Option<String>,
    /// Leave place labels off.
    #[arg(long)]
    no_labels: bool,
    /// Also write the map's alt text to this file: what it shows in words (the places, the
    /// journey in order with distances and modes, launch tracks), for screen readers and the
    /// image's alt attribute. An SVG carries it as its <desc> either way.
    #[arg(long, value_name = "FILE.txt")]
    alt_text: Option<String>,
}

pub fn run(args: &Args, gaz: &Gazetteer, _out: &mut dyn Write) -> anyhow::Result<i32> {
    let asked = Asked {
        width: args.width,
        height: args.height,
        scale: args.scale,
        theme: args.theme.as_deref(),
        extent: args.extent.as_deref(),
        projection: args.projection.as_deref(),
        labels: !args.no_labels,
    };
    // the flags are checked before any input is read: a print map at most, never a 1 GB pixmap
    map_options(&asked, None, "--").map_err(Exit::usage)?;
    let svg = args.output.to_ascii_lowercase().ends_with(".svg");
    if !svg && !args.output.to_ascii_lowercase().ends_with(".png") {
        return Err(Exit::usage(format!("--output {}: the file name must end in .png or .svg", args.output)));
    }
    let geojson_path = args.geojson.as_deref().map(Path::new);
    if geojson_path.is_none() && args.style.style.is_some() {
        return Err(Exit::usage("--style is the style of --geojson; pass --geojson PATH too"));
    }
    let style = style::sidecar(geojson_path, &args.style)?;
    let layout_path = args.layout.as_deref().map(Path::new);
    let alt_path = args.alt_text.as_deref().map(Path::new);
    let written: Vec<&Path> = [Some(Path::new(&args.output)), geojson_path, style.as_deref(), layout_path, alt_path]
        .into_iter()
        .flatten()
        .collect();
    // every output is checked before any input is read: a bad one costs nothing and leaves none
    OutputSet::check(&written).map_err(|e| Exit::usage(e.to_string()))?;
    // the --geojson collection is written as `toponym geojson` writes it, while stories arrive
    let mut collection = geojson_path.map(|_| spooled_collection(Vec::new())).transpose()?;
    let corrections = read_corrections(&args.story, gaz)?;
    let mut stories = Vec::new();
    stream_stories(&args.story, gaz, &corrections, file_docs(&args.story, &written), |told| {
        match (told, &mut collection) {
            (Told::Document(s), Some(c)) => c.add_document(s)?,
            (Told::Document(_), None) => {}
            (Told::Story(s), c) => {
                if let Some(c) = c {
                    c.add_features(&s)?;
                }
                stories.push(*s);
            }
        }
        Ok(())
    })?;
    let opts = map_options(&asked, corrections.map.as_ref(), "--").map_err(Exit::usage)?;
    let titles = Titles { title: args.title.as_deref(), subtitle: args.subtitle.as_deref(), corrections: &corrections };
    let Drawn { bytes, mut layout, dropped, alt } = draw(&stories, &titles, &opts, svg)?;
    let mut outputs = OutputSet::new();
    outputs.add(Path::new(&args.output), &bytes)?;
    if let (Some(path), Some(c)) = (geojson_path, collection) {
        outputs.add(path, &c.finish().context("writing GeoJSON")?)?;
    }
    if let Some(path) = layout_path {
        layout.dropped.splice(0..0, dropped);
        let mut json = serde_json::to_vec_pretty(&layout)?;
        json.push(b'\n');
        outputs.add(path, &json)?;
    }
    if let Some(path) = &style {
        outputs.add(path, &style::bytes())?;
    }
    if let Some(path) = alt_path {
        outputs.add(path, format!("{alt}\n").as_bytes())?;
    }
    let paths: Vec<std::path::PathBuf> = outputs.paths().map(Path::to_path_buf).collect();
    outputs.commit()?;
    super::say_wrote(paths.iter().map(std::path::PathBuf::as_path));
    let found = stories.iter().any(|s| !s.places.is_empty());
    if !found {
        // A blank world map is an answer a user should not have to discover by looking.
        eprintln!("toponym: warning: the text names no place toponym could find; the map shows only the basemap");
    }
    Ok(if found { 0 } else { super::EXIT_NOT_FOUND })
}

/// The map options a command or a request asks for; `None`: not said.
pub struct Asked<'a> {
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub scale: f32,
    pub theme: Option<&'a str>,
    pub extent: Option<&'a str>,
    pub projection: Option<&'a str>,
    pub labels: bool,
}

/// The options a map is drawn with: what was asked, else what the corrections' `map` says,
/// else the default (1600 × 1200, light, fitted to the story). Errors name the option, with
/// `prefix` (`--` for flags, `options.` for the API) or as `corrections: map.…`.
pub fn map_options(asked: &Asked<'_>, settings: Option<&MapSettings>, prefix: &str) -> Result<MapOptions, String> {
    let fixed = settings.cloned().unwrap_or_default();
    let said =
        |flag: bool, name: &str| if flag { format!("{prefix}{name}") } else { format!("corrections: map.{name}") };
    let theme: Theme = match (asked.theme, fixed.theme.as_deref()) {
        (Some(t), _) => t.parse().map_err(|e| format!("{}: {e}", said(true, "theme")))?,
        (None, Some(t)) => t.parse().map_err(|e| format!("{}: {e}", said(false, "theme")))?,
        (None, None) => Theme::Light,
    };
    let projection: Option<ProjectionKind> = match (asked.projection, fixed.projection.as_deref()) {
        (Some(p), _) => Some(p.parse().map_err(|e| format!("{}: {e}", said(true, "projection")))?),
        (None, Some(p)) => Some(p.parse().map_err(|e| format!("{}: {e}", said(false, "projection")))?),
        (None, None) => None,
    };
    let extent = match (asked.extent, fixed.extent) {
        (Some(e), _) => Some(parse_extent(e).map_err(|e| format!("{}: {e}", said(true, "extent")))?),
        (None, Some(e)) => Some(e),
        (None, None) => None,
    };
    let opts = MapOptions {
        width: asked.width.or(fixed.width).unwrap_or(1600),
        height: asked.height.or(fixed.height).unwrap_or(1200),
        scale: asked.scale,
        theme,
        extent,
        projection,
        labels: asked.labels,
    };
    png::check_size(opts.width, opts.height, opts.scale).map_err(|e| {
        let from_flags =
            asked.width.is_some() || asked.height.is_some() || fixed.width.is_none() && fixed.height.is_none();
        let option = match e {
            png::RenderError::Scale(_) => format!("{prefix}scale"),
            _ if from_flags => format!("{prefix}width/{prefix}height/{prefix}scale"),
            _ => "corrections: map.width/height".to_string(),
        };
        format!("{option}: {e} ({})", png::size_limits())
    })?;
    Ok(opts)
}

/// Where a map's title and subtitle come from, first that says: the options (`--title`
/// semantics: `auto`, `none` or the text), then the corrections (`""`: none), then the default
/// (derived for several documents, none for one).
pub struct Titles<'a> {
    pub title: Option<&'a str>,
    pub subtitle: Option<&'a str>,
    pub corrections: &'a Corrections,
}

/// A drawn map: the image, the layout, the places left off and the alt text.
pub struct Drawn {
    pub bytes: Vec<u8>,
    pub layout: Layout,
    pub dropped: Vec<Dropped>,
    pub alt: String,
}

/// Draw the stories as `toponym map` does (the page's export calls this too, so the two give
/// the same bytes): PNG, or SVG when `svg`; with the layout, the places left off and the alt
/// text (which the SVG carries as its `<desc>`).
pub fn draw(stories: &[Story], titles: &Titles<'_>, opts: &MapOptions, svg: bool) -> anyhow::Result<Drawn> {
    let (map, alt) = framed(stories, titles, opts);
    let (bytes, layout) = if svg {
        png::render_svg_with_layout(&map.input, opts).map(|(s, l)| (s.into_bytes(), l))
    } else {
        png::render_png_with_layout(&map.input, opts)
    }
    .map_err(|e| Exit::usage(e.to_string()))?;
    Ok(Drawn { bytes, layout, dropped: map.dropped, alt })
}

/// What [`draw`] renders: the stories' map with its title, subtitle and alt text (the title
/// decides the header band, so the page's map clicks are located on this input).
pub fn framed(stories: &[Story], titles: &Titles<'_>, opts: &MapOptions) -> (StoryMap, String) {
    let mut map = story_map(stories);
    // a merged story counts the documents it was told by
    let documents = stories.iter().map(|s| s.documents.max(1) as usize).sum();
    let fixed = titles.corrections.title.as_deref();
    let (title, subtitle) = match titles.title.or(fixed.map(|t| if t.is_empty() { "none" } else { t })) {
        Some("auto") => auto_title(stories, documents),
        None if documents > 1 => auto_title(stories, documents),
        Some("none") | None => (None, None),
        Some(t) => (Some(t.to_string()), None),
    };
    map.input.title = title;
    let subtitle = match titles.subtitle.or(titles.corrections.subtitle.as_deref()) {
        Some("") => None,
        Some(s) => Some(s.to_string()),
        None => subtitle,
    };
    map.input.subtitle = subtitle;
    let alt = alt_text(stories, &map, opts);
    map.input.description = Some(alt.clone());
    (map, alt)
}
