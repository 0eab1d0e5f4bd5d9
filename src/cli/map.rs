//! `toponym map FILE… -o MAP.png|MAP.svg`

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use super::geojson::{file_docs, read_corrections, spooled_collection, stream_stories, StoryArgs, Told};
use super::style::{self, StyleArgs};
use super::{Exit, OutputSet};
use toponym::emit::png::{self, MapOptions, ProjectionKind, Theme, MAX_SIDE_PX};
use toponym::emit::png::{Dropped, Layout};
use toponym::emit::story_map::{auto_title, story_map};
use toponym::gazetteer::Gazetteer;
use toponym::parse::parse_extent;
use toponym::story::corrections::Corrections;
use toponym::story::Story;

/// Draw the story a text tells on a map: places, the route travelled, launch sites and launch
/// tracks, on a Natural Earth basemap, as PNG (or SVG when the output ends in .svg).
#[derive(clap::Args)]
#[command(after_help = "Examples:
  toponym map examples/summit.txt -o output/summit.png --geojson output/summit.geojson
  toponym map story.txt --route 'Lisbon > Madrid > Paris' --title 'By rail to Paris' -o trip.png
  toponym map story.txt --theme print --scale 2 --extent 120,35,145,55 -o print.png
  toponym map story.txt -o story.svg
  toponym map articles/*.txt --layout check.json -o event.png

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
    /// at 300 dpi).
    #[arg(long, default_value_t = 1600, value_parser = clap::value_parser!(u32).range(64..=MAX_SIDE_PX as i64))]
    width: u32,
    /// Height in px, 64..=8000.
    #[arg(long, default_value_t = 1200, value_parser = clap::value_parser!(u32).range(64..=MAX_SIDE_PX as i64))]
    height: u32,
    /// Pixel density, 0.25..=4 (2 for high-DPI screens and print).
    #[arg(long, default_value_t = 1.0)]
    scale: f32,
    /// light | dark | print (greyscale-safe).
    #[arg(long, default_value = "light")]
    theme: String,
    /// Map extent W,S,E,N in degrees (default: fit the story).
    #[arg(long, value_name = "W,S,E,N", allow_hyphen_values = true)]
    extent: Option<String>,
    /// conic | equal-earth | equirectangular (default: chosen from the extent).
    #[arg(long)]
    projection: Option<String>,
    /// Leave place labels off.
    #[arg(long)]
    no_labels: bool,
}

pub fn run(args: &Args, gaz: &Gazetteer, _out: &mut dyn Write) -> anyhow::Result<i32> {
    let theme: Theme = args.theme.parse().map_err(|e: String| Exit::usage(format!("--theme: {e}")))?;
    let projection: Option<ProjectionKind> = match &args.projection {
        Some(p) => Some(p.parse().map_err(|e: String| Exit::usage(format!("--projection: {e}")))?),
        None => None,
    };
    let extent =
        args.extent.as_deref().map(parse_extent).transpose().map_err(|e| Exit::usage(format!("--extent: {e}")))?;
    let svg = args.output.to_ascii_lowercase().ends_with(".svg");
    if !svg && !args.output.to_ascii_lowercase().ends_with(".png") {
        return Err(Exit::usage(format!("--output {}: the file name must end in .png or .svg", args.output)));
    }
    // the size is checked before any input is read: a print map at most, never a 1 GB pixmap
    png::check_size(args.width, args.height, args.scale).map_err(|e| {
        let option = if matches!(e, png::RenderError::Scale(_)) { "--scale" } else { "--width/--height/--scale" };
        Exit::usage(format!("{option}: {e} ({})", png::size_limits()))
    })?;
    let geojson_path = args.geojson.as_deref().map(Path::new);
    if geojson_path.is_none() && args.style.style.is_some() {
        return Err(Exit::usage("--style is the style of --geojson; pass --geojson PATH too"));
    }
    let style = style::sidecar(geojson_path, &args.style)?;
    let layout_path = args.layout.as_deref().map(Path::new);
    let written: Vec<&Path> =
        [Some(Path::new(&args.output)), geojson_path, style.as_deref(), layout_path].into_iter().flatten().collect();
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
    let opts = MapOptions {
        width: args.width,
        height: args.height,
        scale: args.scale,
        theme,
        extent,
        projection,
        labels: !args.no_labels,
    };
    let titles = Titles { title: args.title.as_deref(), subtitle: args.subtitle.as_deref(), corrections: &corrections };
    let (bytes, mut layout, dropped) = draw(&stories, &titles, &opts, svg)?;
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

/// Where a map's title and subtitle come from, first that says: the options (`--title`
/// semantics: `auto`, `none` or the text), then the corrections (`""`: none), then the default
/// (derived for several documents, none for one).
pub struct Titles<'a> {
    pub title: Option<&'a str>,
    pub subtitle: Option<&'a str>,
    pub corrections: &'a Corrections,
}

/// Draw the stories as `toponym map` does (the page's export calls this too, so the two give
/// the same bytes): PNG, or SVG when `svg`; with the layout and the places left off.
pub fn draw(
    stories: &[Story],
    titles: &Titles<'_>,
    opts: &MapOptions,
    svg: bool,
) -> anyhow::Result<(Vec<u8>, Layout, Vec<Dropped>)> {
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
    let (bytes, layout) = if svg {
        png::render_svg_with_layout(&map.input, opts).map(|(s, l)| (s.into_bytes(), l))
    } else {
        png::render_png_with_layout(&map.input, opts)
    }
    .map_err(|e| Exit::usage(e.to_string()))?;
    Ok((bytes, layout, map.dropped))
}
