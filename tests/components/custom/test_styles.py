"""Component <style>, <title>, <meta>, <link>: set(), #if, merging, isolation, head de-dup."""

from __future__ import annotations

from styles.model import ColorVar, GlobalStyles
from tests.components.custom.helpers import body, compile_email, norm

PINK = GlobalStyles(colors=[ColorVar("pink", "#ff69b4", id="khyqtq8v5rcs")])


def test_set_with_a_global_style_path() -> None:
    comp = """<script> export const config = { label: "global style test", presets: [ {
    label: "global style test", content: `<test2></test2>` } ] } </script>
    <style> .foo{ background: set('globalStyles.colors.pink_khyqtq8v5rcs'); } </style>
    <template> <div class="foo"> content </div> </template>"""
    r = compile_email({"test2": comp}, "<test2></test2>", styles=PINK)
    assert r.errors == [], r.explain()
    assert ".foo{ background: #ff69b4; }" in r.html
    assert body(r.html) == '<div class="foo">content</div>'


def test_global_styles_in_style_objects_and_templates() -> None:
    comp = """<script>const styleObject = { background: globalStyles.colors.pink_khyqtq8v5rcs };
    </script><template><p #set:style="styleObject">x</p><div
    :style="`background: ${globalStyles.colors.pink_khyqtq8v5rcs};`">y</div></template>"""
    r = compile_email({"test3": comp}, "<test3></test3>", styles=PINK)
    assert body(r.html) == (
        '<p style="background:#ff69b4">x</p><div style="background:#ff69b4">y</div>'
    )


def test_set_props_path_and_undefined_drops_the_declaration() -> None:
    # component-styling calls Component.props.string([...]) with an array (§3): the intended
    # schema is a plain string; the argument is ignored.
    comp = """<script> export const config = { label: "custom-body", presets: [ { label:
    "custom-body", content: `<custom-body></custom-body>` } ] }; export const props =
    Component.defineProps({ background: { section: 'Call-out', label: 'Background', schema:
    Component.props.string(['rgb(60, 179, 113)','rgb(186, 255, 164)']).optional(), type:
    'select', options: [ { label: 'green', value: 'rgb(60, 179, 113)' }, { label: 'light-green',
    value: 'rgb(186, 255, 164)' } ] }, color: { section: 'Call-out', label: 'Color', schema:
    Component.props.string().optional(), type: 'color', } }); </script>
    <style> .call-out { background: set('props.background'); color: set('props.color'); }
    </style> <template> <x-heading-1> Welcome! </x-heading-1> <x-paragraph> Introduction
    </x-paragraph> <div class="call-out"> Something you want to emphasize </div> </template>"""
    r = compile_email(
        {"custom-body": comp}, '<custom-body background="rgb(60, 179, 113)"></custom-body>'
    )
    assert r.errors == [], r.explain()
    assert ".call-out { background: rgb(60, 179, 113); }" in r.html
    assert "Something you want to emphasize" in r.html and "<h1" in r.html


def test_style_blocks_merge_and_deduplicate() -> None:
    comp = """<script></script><style> .a { background: blue; } </style>
    <style> .b { background: red; } </style><template><p class="a b">x</p></template>"""
    r = compile_email({"two-styles": comp}, "<two-styles></two-styles><two-styles></two-styles>")
    out = norm(r.html)
    assert out.count("<style>") == 1
    assert out.count(".a { background: blue; }") == 1 and ".b { background: red; }" in out


def test_conditional_styles_and_links() -> None:
    comp = """<script> export const props = Component.defineProps(['variant']);
    const useExternal = props.variant === 'ext'; const variant = props.variant; </script>
    <link #if="useExternal" rel="stylesheet" href="https://example.com/hosted.css">
    <style #else> /* local CSS */ .local{} </style>
    <style #if="variant === 'primary'"> .primary-button { background: blue; } </style>
    <style #else> .default-button { background: white; } </style>
    <template><p>x</p></template>"""
    ext = compile_email({"cond-styles": comp}, '<cond-styles variant="ext"></cond-styles>')
    assert '<link rel="stylesheet" href="https://example.com/hosted.css">' in ext.html
    assert "local CSS" not in ext.html and ".default-button" in ext.html
    primary = compile_email({"cond-styles": comp}, '<cond-styles variant="primary"></cond-styles>')
    assert "/* local CSS */" in primary.html and ".primary-button" in primary.html
    assert ".default-button" not in primary.html and "hosted.css" not in primary.html


def test_isolated_groups_and_media() -> None:
    comp = """<script></script>
    <style #isolated> .a { background: blue; } </style>
    <style> .b { background: red; } </style>
    <style #isolated="outook-web"> [class~="a"] { background: blue; } </style>
    <style #isolated="outook-web"> [class~="outlook-hide"] { display: none; } </style>
    <style #isolated="interactive"> input:checked ~ .c { background: green; } </style>
    <style media="(min-width:600px)" #isolated="thunderbird"> .moz-text-html .test{background:red;}
    </style><template>x</template>"""
    r = compile_email({"iso-test": comp}, "<iso-test></iso-test>")
    assert r.errors == [], r.explain()
    blocks = r.html.split("</style>")
    main = next(b for b in blocks if ".b { background: red; }" in b)
    assert ".a { background: blue; }" not in main
    outlook = next(b for b in blocks if "outlook-hide" in b)
    assert '[class~="a"]' in outlook  # same group: one block
    assert any("input:checked" in b and "outlook" not in b for b in blocks)
    assert '<style media="(min-width:600px)">' in r.html


def test_head_tags_deduplicated_and_title() -> None:
    comp = """<script> const fontFamily = 'Inter' </script>
    <link rel="stylesheet" #set:href="https://fonts.googleapis.com/css?family=${fontFamily}">
    <meta name="robots" content="noindex" /><title>Hello</title>
    <template> <p #style:font-family="fontFamily"><slot /></p> </template>"""
    r = compile_email({"font-p": comp}, "<font-p>a</font-p><font-p>b</font-p>")
    assert r.errors == [], r.explain()
    assert r.html.count("fonts.googleapis.com/css?family=Inter") == 1
    assert r.html.count('<meta name="robots" content="noindex" />') == 1
    assert r.html.count("<title>Hello</title>") == 1
    assert body(r.html).endswith(
        '<p style="font-family:Inter">a</p><p style="font-family:Inter">b</p>'
    )


def test_base_title_wins_over_component_title() -> None:
    comp = "<script></script><title>Component</title><template><p>x</p></template>"
    r = compile_email(
        {"titled-one": comp}, '<x-base title="Email"><titled-one></titled-one></x-base>'
    )
    assert "<title>Email</title>" in r.html and "Component" not in r.html


def test_dark_mode_component() -> None:
    # dark-mode's example writes style="styleObject" (meant :style) and isolated="thunderbird"
    # (meant #isolated) — component-language §3; this is the intended component.
    comp = """<script> export const config = { label: "dark mode test", presets: [ { label:
    "dark mode test", content: `<dark-mode-test></dark-mode-test>` } ] };
    export const slots = Component.defineSlots({ default: { schema: Component.slots.text(), }, });
    export const props = Component.defineProps({ 'background':{ section: 'Styles', label: 'Fill',
    schema: Component.props .withDynamicStyles(Component.props.string(), { darkMode: true, })
    .optional(), type: 'background', }, 'color':{ section: 'Styles', label: 'Color', schema:
    Component.props .withDynamicStyles(Component.props.string(), { darkMode: true, })
    .optional(), type: 'color', } });
    function lightDark(value) { if (typeof value === 'object') { return { light: value.light ||
    '', dark: value.dark || undefined, }; } if (typeof value === 'string') { return { light:
    value, dark: undefined }; } } const newColor = lightDark(props.color); const newBackground =
    lightDark(props.background); const styleObject = { color: newColor?.light, background:
    newBackground?.light, }; </script>
    <style #if="newColor?.dark || newBackground?.dark"> @media (prefers-color-scheme: dark){
    .dark{ color: set(newColor?.dark) !important; background: set(newBackground?.dark)
    !important; } } </style>
    <style #if="newColor?.dark || newBackground?.dark" media="(prefers-color-scheme: dark)"
    #isolated="thunderbird"> .moz-text-html .dark{ color: set(newColor?.dark) !important;
    background: set(newBackground?.dark) !important; } </style>
    <template> <div :style="styleObject" class="dark"> <slot>Content goes here</slot> </div>
    </template>"""
    r = compile_email(
        {"dark-mode-test": comp},
        "<dark-mode-test :color=\"{light: '#000000', dark: '#ffffff'}\" "
        'background="#eeeeee">Hi</dark-mode-test>',
    )
    assert r.errors == [], r.explain()
    out = norm(r.html)
    assert ".dark{ color: #ffffff !important; } }" in out  # undefined background dropped
    assert '<style media="(prefers-color-scheme: dark)">' in out
    assert ".moz-text-html .dark{ color: #ffffff !important; }" in out
    assert body(r.html) == '<div class="dark" style="color:#000000;background:#eeeeee">Hi</div>'
    light = compile_email(
        {"dark-mode-test": comp}, '<dark-mode-test color="#111111"></dark-mode-test>'
    )
    assert "prefers-color-scheme" not in light.html


def test_plain_isolated_attribute_is_accepted_with_a_warning() -> None:
    comp = (
        '<script></script><style isolated="thunderbird" media="print">.x{a:b}</style>'
        "<template>x</template>"
    )
    r = compile_email({"iso-plain": comp}, "<iso-plain></iso-plain>")
    assert "components/directive" in r.rules()
    assert '<style media="print">' in r.html


def test_responsive_image_swap_with_set_in_selector() -> None:
    comp = """<script> export const config = { label: "image-swap", presets: [ { label:
    "image-swap", content: `<image-swap></image-swap>` } ] }
    export const props = Component.defineProps({ src: { label: 'Source', schema: Component.props
    .withDynamicStyles(Component.props.string(), { responsive: true, darkMode: true, })
    .optional(), type: 'media', accept: 'image/*', placeholder: 'Paste the image url here...', },
    alt:{ label: 'Alt text', schema: Component.props.string().optional() } });
    function dynamicStyle(value) { return value && typeof value === 'object'; }
    const defaultImage = dynamicStyle(props.src) ? props.src.light ?? props.src.small ??
    props.src['small:light'] : props.src;
    function hashClassName(input) { const str = typeof input === 'string' ? input :
    JSON.stringify(input); let hash = 0; for (let i = 0; i < str.length; i++) { hash = (hash * 31
    + str.charCodeAt(i)) | 0; } return `h-${(Math.abs(hash) % 1e9).toString(36)}`; }
    const hash = props.src ? hashClassName(props.src) : undefined; </script>
    <style #if="props.src?.dark" > @media (prefers-color-scheme:dark){ .defaultImage-set(hash){
    display:none; } .darkImage{ display:inline-block !important; } } </style>
    <style #if="props.src?.medium" > @media (min-width:600px){ .defaultImage-set(hash){
    display:none; } .desktopImage{ display:inline-block !important; } } </style>
    <template> <div> <img :src="defaultImage" width="200" :alt="props.alt"
    :class="`defaultImage-${hash}`"> <img #if="props.src?.dark" :src="props.src.dark" width="200"
    :alt="props.alt" style="display:none" class="darkImage"> <img #if="props.src?.medium"
    :src="props.src.medium" width="200" :alt="props.alt" style="display:none"
    class="desktopImage"> </div> </template>"""
    r = compile_email(
        {"image-swap": comp},
        "<image-swap :src=\"{small: 'm.png', medium: 'd.png'}\" alt=\"Pic\"></image-swap>",
    )
    assert r.errors == [], r.explain()
    out = norm(r.html)
    cls = out.split('class="defaultImage-')[1].split('"')[0]
    assert f".defaultImage-{cls}{{ display:none; }}" in out
    assert "prefers-color-scheme" not in out
    assert 'src="d.png"' in out and 'src="m.png"' in out


def test_responsive_image_basic() -> None:
    comp = """<script> export const config = { label: "Responsive Image", presets: [{ label:
    "Responsive Image", content: `<responsive-image></responsive-image>` }] }
    export const props = Component.defineProps({ src: { label: 'Source', schema: Component.props
    .withDynamicStyles(Component.props.string(), { responsive: true, }) .optional(), type:
    'media', accept: 'image/*', placeholder: 'Paste the image url here...', }, alt: { label:
    'Alt text', schema: Component.props.string().optional() } });
    const isResponsive = typeof props.src === 'object'; </script>
    <style #if="isResponsive"> @media (min-width:600px) { .desktop-img { display: inline-block
    !important;; } .mobile-img { display: none; } } </style>
    <template> <div> <img :src="isResponsive ? props.src?.small : props.src" :alt="props.alt"
    class="mobile-img" /> <img #if="props.src?.medium" :src="props.src?.medium" :alt="props.alt"
    class="desktop-img" style="display:none" /> </div> </template>"""
    plain = compile_email(
        {"responsive-image": comp}, '<responsive-image src="a.png" alt="A"></responsive-image>'
    )
    assert body(plain.html) == '<div><img class="mobile-img" src="a.png" alt="A"/></div>'
    resp = compile_email(
        {"responsive-image": comp},
        "<responsive-image :src=\"{small: 'a.png', medium: 'b.png'}\"></responsive-image>",
    )
    assert ".desktop-img" in resp.html and 'src="b.png"' in resp.html


def test_component_title_used_when_base_has_none() -> None:
    # §5.15: never two titles, never an empty one when a component supplies one.
    comp = "<script></script><title>From ${'comp'}</title><template><p>x</p></template>"
    r = compile_email({"titled-one": comp}, "<x-base><titled-one></titled-one></x-base>")
    assert r.errors == [], r.explain()
    assert r.html.count("<title") == 1
    assert "<title>From comp</title>" in r.html
    head = r.html.split("</head>")[0]
    assert "<title>From comp</title>" in head


def test_base_without_title_and_no_component_title_has_one_empty_title() -> None:
    r = compile_email({}, "<x-base><p>x</p></x-base>")
    assert r.html.count("<title") == 1 and "<title></title>" in r.html


def test_second_different_component_title_is_dropped_with_a_warning() -> None:
    first = "<script></script><title>One</title><template><p>1</p></template>"
    second = "<script></script>\n<title>Two</title><template><p>2</p></template>"
    r = compile_email(
        {"title-one": first, "title-two": second},
        "<x-base><title-one></title-one><title-two></title-two><title-one></title-one></x-base>",
    )
    assert r.html.count("<title") == 1 and "<title>One</title>" in r.html
    warned = [i for i in r.issues if i.rule == "components/title"]
    assert len(warned) == 1
    assert (warned[0].file, warned[0].line, warned[0].column) == ("components/title-two.html", 2, 1)
    assert "'Two'" in warned[0].message and "'One'" in warned[0].message


def test_component_title_in_an_html_document_head() -> None:
    comp = "<script></script><title>Comp</title><template><p>x</p></template>"
    r = compile_email(
        {"titled-one": comp}, "<html><head></head><body><titled-one></titled-one></body></html>"
    )
    assert r.html.count("<title") == 1 and "<head><title>Comp</title>" in r.html
    own = compile_email(
        {"titled-one": comp},
        "<html><head><title>Mine</title></head><body><titled-one></titled-one></body></html>",
    )
    assert own.html.count("<title") == 1 and "<title>Mine</title>" in own.html


def test_set_argument_is_read_as_javascript_to_its_closing_parenthesis() -> None:
    # strings (with escapes) and comments in the argument hide their parentheses
    comp = r"""<script></script><style> .q { font-family: set(String("a\")b") /* ) */); }
    </style><template><p class="q">x</p></template>"""
    r = compile_email({"quoted-set": comp}, "<quoted-set></quoted-set>")
    assert r.errors == [], r.explain()
    assert '.q { font-family: a")b; }' in r.html
