/**
 * The console stylesheet: system fonts with Noto CJK, contrast ≥ 4.5:1, a thick visible focus ring, targets ≥ 44 px.
 */
export const CONSOLE_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{font-family:system-ui,"Noto Sans CJK SC","Noto Sans SC","PingFang SC","Microsoft YaHei",sans-serif;font-size:16px;line-height:1.6;color:#0b0c0c;background:#f3f2f1}
body{margin:0}
a{color:#1d4ed8}
a:visited{color:#4c2c92}
:focus-visible{outline:3px solid #ffbf47;outline-offset:0;box-shadow:0 0 0 6px #0b0c0c}
.skip{position:absolute;left:-9999px}
.skip:focus{left:8px;top:8px;background:#ffbf47;color:#0b0c0c;padding:8px;z-index:10}
.wrap{max-width:1100px;margin:0 auto;padding:0 16px}
.top{background:#0b3d91;color:#fff;margin-bottom:24px}
.top a{color:#fff}
.top-row{display:flex;justify-content:space-between;align-items:center;min-height:56px;flex-wrap:wrap;gap:8px}
.brand{font-weight:700;font-size:1.15rem;text-decoration:none}
.who{display:flex;gap:12px;align-items:center}
.nav{list-style:none;margin:0;padding:0 0 8px;display:flex;gap:20px;flex-wrap:wrap}
.nav a{display:inline-block;padding:8px 0;min-height:44px}
main{background:#fff;padding:16px 24px 32px;margin-bottom:32px;border-radius:4px}
h1{font-size:1.75rem;margin:8px 0 16px}
h2{font-size:1.3rem;margin:28px 0 12px}
.muted{color:#505a5f}
.small{font-size:.875rem}
.meta{color:#383f43}
.narrow{max-width:28rem}
.field{margin:0 0 18px}
.field label,.field legend{display:block;font-weight:600;margin-bottom:4px}
.field.checkbox{display:flex;flex-wrap:wrap;gap:8px;align-items:center}
.field.checkbox label{font-weight:400;margin:0}
.field.checkbox .hint,.field.checkbox .field-error{flex-basis:100%}
input[type=text],input[type=password],input[type=url],input[type=tel],input[type=datetime-local],input:not([type]),select,textarea{font:inherit;border:2px solid #0b0c0c;padding:6px 8px;min-height:44px;width:100%;max-width:24rem;background:#fff;color:#0b0c0c}
textarea{max-width:40rem}
input.w-short{max-width:8rem}
input.w-long{max-width:40rem}
input[type=checkbox]{width:24px;height:24px;margin:0}
.choices{display:flex;flex-wrap:wrap;gap:8px 20px}
.choice{display:inline-flex;gap:6px;align-items:center;min-height:44px}
.hint{color:#505a5f;margin:0 0 4px}
.field-invalid{border-left:5px solid #b10e1e;padding-left:12px}
.field-error{color:#b10e1e;font-weight:700;margin:0 0 4px}
.field-invalid input,.field-invalid select,.field-invalid textarea{border-color:#b10e1e}
.req{color:#b10e1e}
.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.button{display:inline-block;font:inherit;font-weight:600;background:#00703c;color:#fff;border:0;border-bottom:3px solid #002d18;padding:10px 16px;min-height:44px;cursor:pointer;text-decoration:none;margin:4px 8px 4px 0}
a.button,a.button:visited{color:#fff}
.button.secondary{background:#e7e9ea;color:#0b0c0c;border-bottom-color:#858686}
.button.warning{background:#b10e1e;border-bottom-color:#55070e}
.button.small{padding:6px 10px;min-height:44px;font-size:.9rem}
.link-button{font:inherit;background:none;border:0;color:#fff;text-decoration:underline;cursor:pointer;min-height:44px;padding:0 4px}
form.inline{display:inline}
.error-summary{border:5px solid #b10e1e;padding:12px 20px;margin:0 0 24px}
.error-summary h2{margin-top:4px}
.error-summary a{color:#b10e1e;font-weight:700}
.notice{padding:12px 16px;margin:0 0 20px;border-left:6px solid #1d4ed8;background:#eef3fc}
.notice-success{border-color:#00703c;background:#e9f5ee}
.notice-warning{border-color:#b45309;background:#fdf3e7}
.part{border-top:2px solid #b1b4b6;margin-top:24px}
fieldset{border:1px solid #b1b4b6;margin:0 0 16px;padding:12px 16px}
fieldset.row legend{font-weight:700;padding:0 6px}
.row-fields{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:0 16px}
.row-fields textarea{max-width:none}
.actions{margin-top:28px;padding-top:16px;border-top:2px solid #b1b4b6}
table{border-collapse:collapse;width:100%;margin:0 0 20px}
caption{text-align:left;font-weight:700;padding:4px 0 8px}
th,td{border-bottom:1px solid #b1b4b6;padding:8px;text-align:left;vertical-align:top}
thead th{border-bottom:2px solid #0b0c0c}
.diff td{white-space:pre-wrap;word-break:break-word;width:38%}
.diff del{background:#fde8e8;color:#6b0710;text-decoration:line-through}
.diff ins{background:#e3f4ea;color:#004d29;text-decoration:none}
.tag{display:inline-block;padding:0 8px;border-radius:3px;font-size:.875rem;font-weight:700;background:#e7e9ea;color:#0b0c0c}
.tag-returned{background:#fbe4d5;color:#6e2a00}
.tag-submitted{background:#dbe7fb;color:#0b2f6b}
.tag-published{background:#d9f0e2;color:#004d29}
.compare{display:flex;gap:16px;align-items:flex-end;flex-wrap:wrap}
.compare .field{margin:0}
.compare select{width:auto}
pre.record{background:#f3f2f1;padding:12px;overflow:auto;max-height:30rem}
code.secret{font-size:1.1rem;letter-spacing:.1em;background:#f3f2f1;padding:2px 6px}
ol.steps li{margin-bottom:16px}
`;
