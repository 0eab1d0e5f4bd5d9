//! Colours and line weights for the three themes.
//!
//! Invariants:
//! - Every colour the renderer uses comes from a `Palette`; no module hard-codes one.
//! - `print` is greyscale-safe: the story line, symbols and land tints differ in lightness, not
//!   only in hue, so they survive a black-and-white press.
//! - Sizes elsewhere are given for a 1600 px wide map and multiplied by `Palette`-free `unit`.

use std::str::FromStr;

use super::scene::Rgba;

/// The colour scheme of a map.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// The standard palette (the default).
    #[default]
    Light,
    /// Light text and lines on a dark background.
    Dark,
    /// Colours for print.
    Print,
}

impl FromStr for Theme {
    type Err = String;
    fn from_str(s: &str) -> Result<Theme, String> {
        match s.to_ascii_lowercase().as_str() {
            "light" => Ok(Theme::Light),
            "dark" => Ok(Theme::Dark),
            "print" => Ok(Theme::Print),
            other => Err(format!("unknown theme {other:?} (expected light, dark or print)")),
        }
    }
}

impl std::fmt::Display for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Print => "print",
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Palette {
    pub paper: Rgba,
    pub sea: Rgba,
    pub land: Rgba,
    pub story_land: Rgba,
    pub coast: Rgba,
    pub river: Rgba,
    pub admin1: Rgba,
    pub border: Rgba,
    pub border_casing: Rgba,
    pub graticule: Rgba,
    pub graticule_text: Rgba,
    pub route: Rgba,
    pub route_casing: Rgba,
    pub launch: Rgba,
    pub missile: Rgba,
    pub symbol_ink: Rgba,
    pub symbol_fill: Rgba,
    pub text: Rgba,
    pub text_minor: Rgba,
    pub halo: Rgba,
    pub country_text: Rgba,
    pub story_country_text: Rgba,
    pub water_text: Rgba,
    pub title: Rgba,
    pub subtitle: Rgba,
    pub frame: Rgba,
    pub panel: Rgba,
    pub panel_edge: Rgba,
    pub inset_land: Rgba,
    pub inset_story: Rgba,
}

impl Theme {
    /// The colours of this theme.
    pub fn palette(self) -> Palette {
        match self {
            Theme::Light => Palette {
                paper: Rgba::hex(0xFFFFFF),
                sea: Rgba::hex(0xCBE0EE),
                land: Rgba::hex(0xECEBE6),
                story_land: Rgba::hex(0xF6EFE0),
                coast: Rgba::hex(0x78A0C0),
                river: Rgba::hex(0x8CB9DC),
                admin1: Rgba::hex(0xD6D0C4),
                border: Rgba::hex(0x5F5F5F),
                border_casing: Rgba::hex(0xFFFFFF).alpha(150),
                graticule: Rgba::hex(0xDEEAF3),
                graticule_text: Rgba::hex(0x7C8C99),
                route: Rgba::hex(0xC81E2D),
                route_casing: Rgba::hex(0xFFFFFF),
                launch: Rgba::hex(0xE16E00),
                missile: Rgba::hex(0x282828),
                symbol_ink: Rgba::hex(0x1E1E1E),
                symbol_fill: Rgba::hex(0xFFFFFF),
                text: Rgba::hex(0x232323),
                text_minor: Rgba::hex(0x5F5F5F),
                halo: Rgba::hex(0xFFFFFF).alpha(235),
                country_text: Rgba::hex(0x9E9E9E),
                story_country_text: Rgba::hex(0x968A76),
                water_text: Rgba::hex(0x3C6E9B),
                title: Rgba::hex(0x141414),
                subtitle: Rgba::hex(0x5A5A5A),
                frame: Rgba::hex(0x8C8C8C),
                panel: Rgba::hex(0xFFFFFF).alpha(235),
                panel_edge: Rgba::hex(0xB8B8B8),
                inset_land: Rgba::hex(0xCDCDC8),
                inset_story: Rgba::hex(0xEBD4AF),
            },
            Theme::Dark => Palette {
                paper: Rgba::hex(0x16191D),
                sea: Rgba::hex(0x1C2B38),
                land: Rgba::hex(0x30332F),
                story_land: Rgba::hex(0x4A4234),
                coast: Rgba::hex(0x4F7593),
                river: Rgba::hex(0x3F6A8C),
                admin1: Rgba::hex(0x4C4A44),
                border: Rgba::hex(0xB4B4B4),
                border_casing: Rgba::hex(0x000000).alpha(90),
                graticule: Rgba::hex(0x27394A),
                graticule_text: Rgba::hex(0x7E8E9C),
                route: Rgba::hex(0xFF4B55),
                route_casing: Rgba::hex(0x16191D),
                launch: Rgba::hex(0xFF9A3C),
                missile: Rgba::hex(0xE6E6E6),
                symbol_ink: Rgba::hex(0xEEEEEE),
                symbol_fill: Rgba::hex(0x16191D),
                text: Rgba::hex(0xF0F0F0),
                text_minor: Rgba::hex(0xB4B4B4),
                halo: Rgba::hex(0x16191D).alpha(230),
                country_text: Rgba::hex(0x8E8E8E),
                story_country_text: Rgba::hex(0xC2AE8C),
                water_text: Rgba::hex(0x8DB6D8),
                title: Rgba::hex(0xFAFAFA),
                subtitle: Rgba::hex(0xB4B4B4),
                frame: Rgba::hex(0x5A5A5A),
                panel: Rgba::hex(0x16191D).alpha(235),
                panel_edge: Rgba::hex(0x5A5A5A),
                inset_land: Rgba::hex(0x50534F),
                inset_story: Rgba::hex(0x8A7350),
            },
            Theme::Print => Palette {
                paper: Rgba::hex(0xFFFFFF),
                sea: Rgba::hex(0xDADADA),
                land: Rgba::hex(0xEFEFEF),
                story_land: Rgba::hex(0xFFFFFF),
                coast: Rgba::hex(0x8A8A8A),
                river: Rgba::hex(0xA8A8A8),
                admin1: Rgba::hex(0xC8C8C8),
                border: Rgba::hex(0x4A4A4A),
                border_casing: Rgba::hex(0xFFFFFF).alpha(170),
                graticule: Rgba::hex(0xD6D6D6),
                graticule_text: Rgba::hex(0x808080),
                route: Rgba::hex(0x000000),
                route_casing: Rgba::hex(0xFFFFFF),
                launch: Rgba::hex(0x505050),
                missile: Rgba::hex(0x202020),
                symbol_ink: Rgba::hex(0x000000),
                symbol_fill: Rgba::hex(0xFFFFFF),
                text: Rgba::hex(0x000000),
                text_minor: Rgba::hex(0x4A4A4A),
                halo: Rgba::hex(0xFFFFFF).alpha(240),
                country_text: Rgba::hex(0x8C8C8C),
                story_country_text: Rgba::hex(0x6E6E6E),
                water_text: Rgba::hex(0x555555),
                title: Rgba::hex(0x000000),
                subtitle: Rgba::hex(0x4A4A4A),
                frame: Rgba::hex(0x7A7A7A),
                panel: Rgba::hex(0xFFFFFF).alpha(240),
                panel_edge: Rgba::hex(0xA0A0A0),
                inset_land: Rgba::hex(0xBDBDBD),
                inset_story: Rgba::hex(0x7A7A7A),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn luma(c: Rgba) -> f32 {
        0.299 * c.0 as f32 + 0.587 * c.1 as f32 + 0.114 * c.2 as f32
    }

    #[test]
    fn theme_names_round_trip() {
        for t in [Theme::Light, Theme::Dark, Theme::Print] {
            assert_eq!(t.to_string().parse::<Theme>(), Ok(t), "{t}");
        }
        assert!("sepia".parse::<Theme>().is_err());
    }

    #[test]
    fn print_separates_by_lightness() {
        let p = Theme::Print.palette();
        for (name, c) in [("sea", p.sea), ("land", p.land), ("route", p.route), ("coast", p.coast)] {
            assert!(c.0 == c.1 && c.1 == c.2, "{name} is grey");
        }
        assert!(luma(p.land) - luma(p.sea) > 15.0, "land vs sea");
        assert!(luma(p.land) - luma(p.route) > 100.0, "route vs land");
    }
}
