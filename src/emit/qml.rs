//! A QGIS layer style (`.qml`) for the GeoJSON `emit::geojson` writes, so the layer opens
//! symbolised: a rule per `role` (route, planned route, launch track, launch site, launch
//! origin, target area, waypoint, place) and labels from `name` on points.
//!
//! QGIS loads `NAME.qml` automatically when it sits next to `NAME.geojson`. The style is a
//! constant: it depends on the field names, not on the data.

/// (label, filter expression, symbol type, symbol layer XML) per rule, drawn in this order.
const RULES: &[(&str, &str, &str, &str)] = &[
    (
        "Route",
        "\"role\" = 'route' AND \"status\" <> 'planned'",
        "line",
        r#"<layer class="SimpleLine" enabled="1" pass="0" locked="0"><Option type="Map"><Option name="line_color" type="QString" value="255,255,255,255"/><Option name="line_width" type="QString" value="2.2"/><Option name="line_width_unit" type="QString" value="MM"/><Option name="capstyle" type="QString" value="round"/><Option name="joinstyle" type="QString" value="round"/></Option></layer><layer class="SimpleLine" enabled="1" pass="1" locked="0"><Option type="Map"><Option name="line_color" type="QString" value="200,30,45,255"/><Option name="line_width" type="QString" value="1.2"/><Option name="line_width_unit" type="QString" value="MM"/><Option name="capstyle" type="QString" value="round"/><Option name="joinstyle" type="QString" value="round"/></Option></layer>"#,
    ),
    (
        "Planned route",
        "\"role\" = 'route' AND \"status\" = 'planned'",
        "line",
        r#"<layer class="SimpleLine" enabled="1" pass="1" locked="0"><Option type="Map"><Option name="line_color" type="QString" value="200,30,45,255"/><Option name="line_width" type="QString" value="0.9"/><Option name="line_width_unit" type="QString" value="MM"/><Option name="line_style" type="QString" value="dot"/></Option></layer>"#,
    ),
    (
        "Launch track",
        "\"role\" = 'launch_track'",
        "line",
        r#"<layer class="SimpleLine" enabled="1" pass="2" locked="0"><Option type="Map"><Option name="line_color" type="QString" value="120,40,140,255"/><Option name="line_width" type="QString" value="0.8"/><Option name="line_width_unit" type="QString" value="MM"/><Option name="line_style" type="QString" value="dash"/></Option></layer>"#,
    ),
    (
        "Launch site",
        "\"role\" = 'launch_site'",
        "marker",
        r#"<layer class="SimpleMarker" enabled="1" pass="3" locked="0"><Option type="Map"><Option name="name" type="QString" value="star"/><Option name="color" type="QString" value="240,160,20,255"/><Option name="outline_color" type="QString" value="60,40,0,255"/><Option name="size" type="QString" value="5"/><Option name="size_unit" type="QString" value="MM"/></Option></layer>"#,
    ),
    (
        "Launch origin",
        "\"role\" = 'launch_origin'",
        "marker",
        r#"<layer class="SimpleMarker" enabled="1" pass="3" locked="0"><Option type="Map"><Option name="name" type="QString" value="triangle"/><Option name="color" type="QString" value="120,40,140,255"/><Option name="outline_color" type="QString" value="255,255,255,255"/><Option name="size" type="QString" value="4"/><Option name="size_unit" type="QString" value="MM"/></Option></layer>"#,
    ),
    (
        "Target area",
        "\"role\" = 'target_area'",
        "marker",
        r#"<layer class="SimpleMarker" enabled="1" pass="3" locked="0"><Option type="Map"><Option name="name" type="QString" value="cross2"/><Option name="color" type="QString" value="120,40,140,255"/><Option name="outline_color" type="QString" value="120,40,140,255"/><Option name="size" type="QString" value="4"/><Option name="size_unit" type="QString" value="MM"/></Option></layer>"#,
    ),
    (
        "Waypoint",
        "\"role\" = 'waypoint'",
        "marker",
        r#"<layer class="SimpleMarker" enabled="1" pass="3" locked="0"><Option type="Map"><Option name="name" type="QString" value="circle"/><Option name="color" type="QString" value="255,255,255,255"/><Option name="outline_color" type="QString" value="200,30,45,255"/><Option name="outline_width" type="QString" value="0.6"/><Option name="size" type="QString" value="3.2"/><Option name="size_unit" type="QString" value="MM"/></Option></layer>"#,
    ),
    (
        "Place",
        "\"role\" = 'place'",
        "marker",
        r#"<layer class="SimpleMarker" enabled="1" pass="3" locked="0"><Option type="Map"><Option name="name" type="QString" value="circle"/><Option name="color" type="QString" value="50,50,50,255"/><Option name="outline_color" type="QString" value="255,255,255,255"/><Option name="size" type="QString" value="2.2"/><Option name="size_unit" type="QString" value="MM"/></Option></layer>"#,
    ),
];

/// The style document.
pub fn style() -> String {
    let escape = |s: &str| s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;");
    let mut rules = String::new();
    let mut symbols = String::new();
    for (i, (label, filter, kind, layers)) in RULES.iter().enumerate() {
        rules.push_str(&format!(
            "      <rule key=\"rule{i}\" symbol=\"{i}\" label=\"{}\" filter=\"{}\"/>\n",
            escape(label),
            escape(filter)
        ));
        symbols.push_str(&format!(
            "      <symbol type=\"{kind}\" name=\"{i}\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">{layers}</symbol>\n"
        ));
    }
    format!(
        r#"<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.28.0" styleCategories="Symbology|Labeling">
  <renderer-v2 type="RuleRenderer" symbollevels="1" enableorderby="0" forceraster="0">
    <rules key="root">
{rules}    </rules>
    <symbols>
{symbols}    </symbols>
  </renderer-v2>
  <labeling type="rule-based">
    <rules key="labels">
      <rule key="label0" filter="{}">
        <settings>
          <text-style fieldName="name" fontSize="9" fontWeight="50" textColor="30,30,30,255" isExpression="0">
            <text-buffer bufferDraw="1" bufferSize="0.8" bufferColor="255,255,255,255"/>
          </text-style>
          <placement placement="0" dist="1.5"/>
        </settings>
      </rule>
    </rules>
  </labeling>
</qgis>
"#,
        escape("\"role\" NOT IN ('route', 'launch_track')")
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_style_has_a_rule_per_role_and_escapes_its_filters() {
        let s = super::style();
        for role in ["route", "launch_track", "launch_site", "launch_origin", "target_area", "waypoint", "place"] {
            assert!(s.contains(&format!("&quot;role&quot; = '{role}'")), "{role}");
        }
        assert_eq!(s.matches("<rule ").count(), super::RULES.len() + 1);
        assert!(!s.contains("filter=\"\"role"));
    }
}
