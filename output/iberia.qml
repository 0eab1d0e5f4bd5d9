<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.28.0" styleCategories="Symbology|Labeling">
  <renderer-v2 type="RuleRenderer" symbollevels="1" enableorderby="0" forceraster="0">
    <rules key="root">
      <rule key="rule0" symbol="0" label="Route" filter="&quot;role&quot; = 'route' AND &quot;status&quot; &lt;&gt; 'planned'"/>
      <rule key="rule1" symbol="1" label="Planned route" filter="&quot;role&quot; = 'route' AND &quot;status&quot; = 'planned'"/>
      <rule key="rule2" symbol="2" label="Launch track" filter="&quot;role&quot; = 'launch_track'"/>
      <rule key="rule3" symbol="3" label="Launch site" filter="&quot;role&quot; = 'launch_site'"/>
      <rule key="rule4" symbol="4" label="Launch origin" filter="&quot;role&quot; = 'launch_origin'"/>
      <rule key="rule5" symbol="5" label="Target area" filter="&quot;role&quot; = 'target_area'"/>
      <rule key="rule6" symbol="6" label="Waypoint" filter="&quot;role&quot; = 'waypoint'"/>
      <rule key="rule7" symbol="7" label="Place" filter="&quot;role&quot; = 'place'"/>
    </rules>
    <symbols>
      <symbol type="line" name="0" alpha="1" clip_to_extent="1" force_rhr="0"><layer class="SimpleLine" enabled="1" pass="0" locked="0"><Option type="Map"><Option name="line_color" type="QString" value="255,255,255,255"/><Option name="line_width" type="QString" value="2.2"/><Option name="line_width_unit" type="QString" value="MM"/><Option name="capstyle" type="QString" value="round"/><Option name="joinstyle" type="QString" value="round"/></Option></layer><layer class="SimpleLine" enabled="1" pass="1" locked="0"><Option type="Map"><Option name="line_color" type="QString" value="200,30,45,255"/><Option name="line_width" type="QString" value="1.2"/><Option name="line_width_unit" type="QString" value="MM"/><Option name="capstyle" type="QString" value="round"/><Option name="joinstyle" type="QString" value="round"/></Option></layer></symbol>
      <symbol type="line" name="1" alpha="1" clip_to_extent="1" force_rhr="0"><layer class="SimpleLine" enabled="1" pass="1" locked="0"><Option type="Map"><Option name="line_color" type="QString" value="200,30,45,255"/><Option name="line_width" type="QString" value="0.9"/><Option name="line_width_unit" type="QString" value="MM"/><Option name="line_style" type="QString" value="dot"/></Option></layer></symbol>
      <symbol type="line" name="2" alpha="1" clip_to_extent="1" force_rhr="0"><layer class="SimpleLine" enabled="1" pass="2" locked="0"><Option type="Map"><Option name="line_color" type="QString" value="120,40,140,255"/><Option name="line_width" type="QString" value="0.8"/><Option name="line_width_unit" type="QString" value="MM"/><Option name="line_style" type="QString" value="dash"/></Option></layer></symbol>
      <symbol type="marker" name="3" alpha="1" clip_to_extent="1" force_rhr="0"><layer class="SimpleMarker" enabled="1" pass="3" locked="0"><Option type="Map"><Option name="name" type="QString" value="star"/><Option name="color" type="QString" value="240,160,20,255"/><Option name="outline_color" type="QString" value="60,40,0,255"/><Option name="size" type="QString" value="5"/><Option name="size_unit" type="QString" value="MM"/></Option></layer></symbol>
      <symbol type="marker" name="4" alpha="1" clip_to_extent="1" force_rhr="0"><layer class="SimpleMarker" enabled="1" pass="3" locked="0"><Option type="Map"><Option name="name" type="QString" value="triangle"/><Option name="color" type="QString" value="120,40,140,255"/><Option name="outline_color" type="QString" value="255,255,255,255"/><Option name="size" type="QString" value="4"/><Option name="size_unit" type="QString" value="MM"/></Option></layer></symbol>
      <symbol type="marker" name="5" alpha="1" clip_to_extent="1" force_rhr="0"><layer class="SimpleMarker" enabled="1" pass="3" locked="0"><Option type="Map"><Option name="name" type="QString" value="cross2"/><Option name="color" type="QString" value="120,40,140,255"/><Option name="outline_color" type="QString" value="120,40,140,255"/><Option name="size" type="QString" value="4"/><Option name="size_unit" type="QString" value="MM"/></Option></layer></symbol>
      <symbol type="marker" name="6" alpha="1" clip_to_extent="1" force_rhr="0"><layer class="SimpleMarker" enabled="1" pass="3" locked="0"><Option type="Map"><Option name="name" type="QString" value="circle"/><Option name="color" type="QString" value="255,255,255,255"/><Option name="outline_color" type="QString" value="200,30,45,255"/><Option name="outline_width" type="QString" value="0.6"/><Option name="size" type="QString" value="3.2"/><Option name="size_unit" type="QString" value="MM"/></Option></layer></symbol>
      <symbol type="marker" name="7" alpha="1" clip_to_extent="1" force_rhr="0"><layer class="SimpleMarker" enabled="1" pass="3" locked="0"><Option type="Map"><Option name="name" type="QString" value="circle"/><Option name="color" type="QString" value="50,50,50,255"/><Option name="outline_color" type="QString" value="255,255,255,255"/><Option name="size" type="QString" value="2.2"/><Option name="size_unit" type="QString" value="MM"/></Option></layer></symbol>
    </symbols>
  </renderer-v2>
  <labeling type="rule-based">
    <rules key="labels">
      <rule key="label0" filter="&quot;role&quot; NOT IN ('route', 'launch_track')">
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
