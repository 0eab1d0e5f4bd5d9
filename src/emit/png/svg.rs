//! The map as an SVG an illustrator can finish: the display list written element by element,
//! one named group per layer, text as live `<text>`.
//!
//! The document is `width` × `height` user units (px at scale 1). Its top-level groups are the
//! layers, bottom to top: `basemap` (with the parts `sea`, `land`, `areas` — the countries the
//! story tints —, `lakes`, `rivers`, `coastline`, `admin1`, `borders`, `graticule`), `routes`,
//! `markers`, `labels` (`place-labels`, `track-notes`, `graticule-labels`, `country-names`) and
//! `furniture` (`legend`, `headline`, `frame`). `<title>` and `<desc>` carry the map's title
//! and its alt text, for screen readers and for the page that shows it.
//!
//! Invariants:
//! - The items are the PNG's, in the PNG's order, except that each part is written as one
//!   block (ordered by its rank, stably): only the story countries' tints move, after the
//!   other land fills, which they do not overlap.
//! - Every `id` is unique in the document (a layer met again after another gets `-2`, …).
//! - A text is one `<text>` element: its halo is the element's own stroke, painted under the
//!   letters (`paint-order="stroke"`), tracking is `letter-spacing`; nothing is outlined.
//! - The document is well-formed XML 1.0: texts are escaped and characters XML forbids dropped.

use std::collections::HashMap;
use std::fmt::Write;

use super::scene::{Group, Ink, Item, Rgba, Scene, Shape, Text};
use super::text::FontFace;

/// The font family the SVG asks for; the PNG always draws the bundled Liberation Sans.
const FONT_FAMILY: &str = "'Liberation Sans', Arial, Helvetica, sans-serif";

/// What the SVG says about itself: its `<title>` and `<desc>`.
pub struct About<'a> {
    pub title: &'a str,
    pub desc: &'a str,
    /// What the frame shows, W, S, E, N degrees: the root's `data-extent` (the page zooms from it).
    pub extent: Option<[f64; 4]>,
}

/// Write the scene as a standalone SVG document over a `background` of paper.
pub fn to_svg(scene: &Scene, background: Rgba, about: &About<'_>) -> String {
    let (w, h) = (num(scene.width), num(scene.height));
    let mut out = String::with_capacity(64 * 1024);
    let extent = match about.extent {
        Some(e) if e.iter().all(|v| v.is_finite()) => {
            format!(r#" data-extent="{}""#, e.map(|v| ((v * 1e6).round() / 1e6).to_string()).join(","))
        }
        _ => String::new(),
    };
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" fill-rule="evenodd" stroke-linecap="round" stroke-linejoin="round" font-family="{FONT_FAMILY}" role="img" aria-labelledby="map-title map-desc"{extent}>"#
    );
    let _ = write!(
        out,
        "\n<title id=\"map-title\">{}</title>\n<desc id=\"map-desc\">{}</desc>\n",
        escape(about.title),
        escape(about.desc)
    );
    let _ = writeln!(out, r#"<rect id="paper" width="{w}" height="{h}"{}/>"#, paint("fill", background));
    let mut order: Vec<usize> = (0..scene.items.len()).collect();
    let group_of = |i: usize| scene.groups.get(i).copied().unwrap_or_default();
    order.sort_by_key(|&i| group_of(i).rank);
    let mut ids = Ids::default();
    let (mut layer, mut part): (Option<&str>, Option<&str>) = (None, None);
    for i in order {
        let g: Group = group_of(i);
        if layer != Some(g.layer) {
            if part.take().is_some() {
                out.push_str("</g>\n");
            }
            if layer.is_some() {
                out.push_str("</g>\n");
            }
            let _ = writeln!(out, r#"<g id="{}">"#, ids.fresh(g.layer));
            layer = Some(g.layer);
        }
        if g.part != g.layer && part != Some(g.part) {
            if part.is_some() {
                out.push_str("</g>\n");
            }
            let _ = writeln!(out, r#"<g id="{}">"#, ids.fresh(g.part));
            part = Some(g.part);
        }
        match &scene.items[i] {
            Item::Path(shape, ink) => path(&mut out, shape, ink),
            Item::Text(t) => text(&mut out, t),
        }
    }
    if part.is_some() {
        out.push_str("</g>\n");
    }
    if layer.is_some() {
        out.push_str("</g>\n");
    }
    out.push_str("</svg>\n");
    out
}

/// Ids handed out so far: a second `labels` is `labels-2`.
#[derive(Default)]
struct Ids(HashMap<&'static str, u32>);

impl Ids {
    fn fresh(&mut self, id: &'static str) -> String {
        let n = self.0.entry(id).or_insert(0);
        *n += 1;
        if *n == 1 {
            id.to_string()
        } else {
            format!("{id}-{n}")
        }
    }
}

/// A length or coordinate: at most two decimals (1/100 px), no trailing zeros.
fn num(v: f32) -> String {
    let s = format!("{:.2}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// ` fill="#rrggbb"` (with `fill-opacity` when not opaque); `attr` is fill or stroke.
fn paint(attr: &str, c: Rgba) -> String {
    let mut s = format!(r##" {attr}="#{:02x}{:02x}{:02x}""##, c.0, c.1, c.2);
    if c.3 < 255 {
        let _ = write!(s, r#" {attr}-opacity="{}""#, num(f32::from(c.3) / 255.0));
    }
    s
}

fn path(out: &mut String, shape: &Shape, ink: &Ink) {
    let min = match ink {
        Ink::Fill { .. } => 3,
        Ink::Stroke { .. } => 2,
    };
    let mut d = String::new();
    for part in &shape.parts {
        let pts: Vec<&(f32, f32)> = part.iter().filter(|(x, y)| x.is_finite() && y.is_finite()).collect();
        if pts.len() < min {
            continue;
        }
        for (k, (x, y)) in pts.iter().enumerate() {
            let cmd = match k {
                0 => "M",
                1 => "L",
                _ => " ",
            };
            let _ = write!(d, "{cmd}{},{}", num(*x), num(*y));
        }
        if shape.closed {
            d.push('Z');
        }
    }
    if d.is_empty() {
        return;
    }
    match ink {
        Ink::Fill { color } => {
            let _ = writeln!(out, r#"<path d="{d}"{}/>"#, paint("fill", *color));
        }
        Ink::Stroke { color, width, dash } => {
            let mut attrs = format!(r#" fill="none"{} stroke-width="{}""#, paint("stroke", *color), num(*width));
            // the round caps add half a width at each end of a dash: draw it one width shorter
            if let Some(on) = dash.as_deref().and_then(|d| d.first().copied()) {
                let off = dash.as_deref().and_then(|d| d.get(1).copied()).unwrap_or(on);
                let drawn = (on - width).max(0.0);
                let _ = write!(attrs, r#" stroke-dasharray="{},{}""#, num(drawn), num(on + off - drawn));
            }
            let _ = writeln!(out, r#"<path d="{d}"{attrs}/>"#);
        }
    }
}

fn text(out: &mut String, t: &Text) {
    let face = match t.face {
        FontFace::Regular => "",
        FontFace::Bold => r#" font-weight="bold""#,
        FontFace::Italic => r#" font-style="italic""#,
    };
    let mut attrs =
        format!(r#" x="{}" y="{}" font-size="{}"{face}{}"#, num(t.x), num(t.y), num(t.size), paint("fill", t.color));
    if t.tracking != 0.0 {
        let _ = write!(attrs, r#" letter-spacing="{}""#, num(t.tracking));
    }
    if let Some((halo, radius)) = t.halo {
        let _ = write!(attrs, r#"{} stroke-width="{}" paint-order="stroke""#, paint("stroke", halo), num(2.0 * radius));
    }
    let _ = writeln!(out, "<text{attrs}>{}</text>", escape(&t.text));
}

/// Whether XML 1.0 allows `c` in a document (Rust strings hold no surrogates).
fn is_xml_char(c: char) -> bool {
    !matches!(c, '\0'..='\u{08}' | '\u{0b}' | '\u{0c}' | '\u{0e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// Text as XML character data or an attribute value: escaped, forbidden characters dropped.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter(|&c| is_xml_char(c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(rank: u16, layer: &'static str, part: &'static str) -> Group {
        Group { rank, layer, part }
    }

    #[test]
    fn numbers_keep_two_decimals_at_most() {
        for (v, want) in [(1.0, "1"), (1.5, "1.5"), (1.234, "1.23"), (-0.001, "0"), (1600.0, "1600"), (0.1, "0.1")] {
            assert_eq!(num(v), want, "{v}");
        }
    }

    #[test]
    fn parts_are_grouped_by_rank_and_ids_stay_unique() {
        let mut scene = Scene::new(200.0, 100.0);
        scene.group = group(0, "basemap", "land");
        scene.fill(Shape::rect(0.0, 0.0, 10.0, 10.0), Rgba::hex(0xeeeeee));
        scene.group = group(1, "basemap", "areas");
        scene.fill(Shape::rect(10.0, 0.0, 10.0, 10.0), Rgba::hex(0xffcc99));
        scene.group = group(0, "basemap", "land");
        scene.fill(Shape::rect(20.0, 0.0, 10.0, 10.0), Rgba::hex(0xeeeeee));
        scene.group = group(2, "labels", "labels");
        scene.text(Text {
            x: 5.0,
            y: 90.0,
            size: 12.0,
            face: FontFace::Bold,
            color: Rgba::hex(0x222222),
            halo: Some((Rgba::hex(0xffffff), 1.5)),
            tracking: 2.0,
            text: "A & B".into(),
        });
        scene.group = group(3, "basemap", "frame");
        scene.stroke_dashed(
            Shape::polyline(vec![(0.0, 50.0), (200.0, 50.0)]),
            Rgba::hex(0).alpha(128),
            2.0,
            vec![10.0, 5.0],
        );
        let svg = to_svg(
            &scene,
            Rgba::hex(0xffffff),
            &About { title: "T <1>", desc: "D", extent: Some([10.0, -5.5, 20.25, 0.0]) },
        );
        let land = svg.find(r#"<g id="land">"#).expect("land");
        let areas = svg.find(r#"<g id="areas">"#).expect("areas");
        assert!(land < areas, "areas after land");
        assert_eq!(svg.matches("#eeeeee").count(), 2);
        assert!(svg[land..areas].matches("<path").count() == 2, "both land fills before the tint:\n{svg}");
        assert!(svg.contains(r#"<g id="basemap-2">"#), "a layer met again gets a fresh id:\n{svg}");
        assert!(svg.contains(r#"<title id="map-title">T &lt;1&gt;</title>"#));
        assert!(svg.contains(r#" data-extent="10,-5.5,20.25,0">"#), "{}", &svg[..400]);
        assert!(
            svg.contains(r##"stroke="#000000" stroke-opacity="0.5" stroke-width="2" stroke-dasharray="8,7""##),
            "{svg}"
        );
        assert!(svg.contains(
            r##"<text x="5" y="90" font-size="12" font-weight="bold" fill="#222222" letter-spacing="2" stroke="#ffffff" stroke-width="3" paint-order="stroke">A &amp; B</text>"##
        ), "{svg}");
        assert_eq!(svg.matches("<g ").count(), svg.matches("</g>").count());
    }
}
