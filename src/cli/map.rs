//! `toponym map FILE… -o MAP.png|MAP.svg`

use std::io::Write;
use std::path::Path;

use super::geojson::{build_stories, StoryArgs};
use super::style::{self, StyleArgs};
use super::{parse_extent, Exit, OutputSet};
use crate::emit::geojson;
use crate::emit::png::{self, MapInput, MapOptions, PointKind, ProjectionKind, Theme};
use crate::gazetteer::Gazetteer;

/// Draw the story a text tells on a map: places, the route travelled, launch sites and launch
/// tracks, on a Natural Earth basemap, as PNG (or SVG when the output ends in .svg).
#[derive(clap::Args)]
#[command(after_help = "Examples:
  toponym map examples/summit.txt -o output/summit.png --geojson output/summit.geojson
  toponym map story.txt --route 'Lisbon > Madrid > Paris' --title 'By rail to Paris' -o trip.png
  toponym map story.txt --theme print --scale 2 --extent 120,35,145,55 -o print.png
  toponym map story.txt -o story.svg

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
    /// Title above the map (default: none).
    #[arg(long)]
    title: Option<String>,
    /// One-line subtitle under the title.
    #[arg(long)]
    subtitle: Option<String>,
    #[arg(long, default_value_t = 1600)]
    width: u32,
    #[arg(long, default_value_t = 1200)]
    height: u32,
    /// Pixel density (2 for high-DPI screens and print).
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
    let geojson_path = args.geojson.as_deref().map(Path::new);
    if geojson_path.is_none() && args.style.style.is_some() {
        return Err(Exit::usage("--style is the style of --geojson; pass --geojson PATH too"));
    }
    let style = style::sidecar(geojson_path, &args.style)?;
    let written: Vec<&Path> =
        [Some(Path::new(&args.output)), geojson_path, style.as_deref()].into_iter().flatten().collect();
    let stories = build_stories(&args.story, gaz, &written)?;
    let mut input = MapInput::default();
    for story in &stories {
        let one = MapInput::from(story);
        input.points.extend(one.points);
        input.lines.extend(one.lines);
        for cc in one.story_countries {
            if !input.story_countries.contains(&cc) {
                input.story_countries.push(cc);
            }
        }
    }
    // Countries' points are representative points of whole areas: as markers they would only
    // stretch the frame (the basemap names countries itself, and story countries are tinted).
    input.points.retain(|p| !matches!(p.kind, PointKind::Country));
    input.story_countries.sort();
    input.title = args.title.clone();
    input.subtitle = args.subtitle.clone();
    let opts = MapOptions {
        width: args.width,
        height: args.height,
        scale: args.scale,
        theme,
        extent,
        projection,
        labels: !args.no_labels,
    };
    let bytes = if svg {
        png::render_svg(&input, &opts).map_err(|e| Exit::usage(e.to_string()))?.into_bytes()
    } else {
        png::render_png(&input, &opts).map_err(|e| Exit::usage(e.to_string()))?
    };
    let mut outputs = OutputSet::new();
    outputs.add(Path::new(&args.output), &bytes)?;
    if let Some(path) = geojson_path {
        outputs.add(path, &geojson::to_bytes(&stories)?)?;
    }
    if let Some(path) = &style {
        outputs.add(path, &style::bytes())?;
    }
    outputs.commit()?;
    let found = stories.iter().any(|s| !s.places.is_empty());
    Ok(if found { 0 } else { super::EXIT_NOT_FOUND })
}
