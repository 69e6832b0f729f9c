<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>项目</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>金额（元）</source>
        <translation>Amount (yuan)</translation>
    </message>
    <message>
        <source>经办人</source>
        <translation>Records officer</translation>
    </message>
    <message>
        <source>审核人</source>
        <translation>Reviewer</translation>
    </message>
    <message>
        <source>申报汇总表 {month}</source>
        <translation>Monthly claim summary {month}</translation>
    </message>
    <message>
        <source>生成汇总</source>
        <translation>Make the summary</translation>
    </message>
    <message>
        <source>按本月已确认的结算申报生成；内容有变化时生成新版本</source>
        <translation>Made from the month&apos;s final claims; a change since makes a new version</translation>
    </message>
    <message>
        <source>本人登录密码</source>
        <translation>Your sign-in password</translation>
    </message>
    <message>
        <source>签署</source>
        <translation>Sign off</translation>
    </message>
    <message>
        <source>选择…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>导出 PDF 和 XLSX</source>
        <translation>Export PDF and XLSX</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>签署（经办人、审核人）</source>
        <translation>Sign-off (records officer, reviewer)</translation>
    </message>
    <message>
        <source>导出到</source>
        <translation>Export to</translation>
    </message>
    <message>
        <source>{month} 尚未生成申报汇总表。</source>
        <translation>No summary of {month} has been made yet.</translation>
    </message>
    <message>
        <source>第 {version} 版（{made_by} {made_at} 生成）：{claims} 份申报，{lines} 条明细，合计 ¥{total}</source>
        <translation>Version {version} (made by {made_by}, {made_at}): {claims} claims, {lines} lines, total ¥{total}</translation>
    </message>
    <message>
        <source>按费用类别：{label}</source>
        <translation>By category: {label}</translation>
    </message>
    <message>
        <source>按支付方：{label}</source>
        <translation>By payer: {label}</translation>
    </message>
    <message>
        <source>合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>{role}：待签署</source>
        <translation>{role}: awaiting signature</translation>
    </message>
    <message>
        <source>{role}：{name}（{at}，签名 #{number}）</source>
        <translation>{role}: {name} ({at}, signature #{number})</translation>
    </message>
    <message>
        <source>未纳入的草稿 {count} 份（未确认，不计入合计）</source>
        <translation>{count} draft(s) not included (not final, not in the totals)</translation>
    </message>
    <message>
        <source>正在生成申报汇总表…</source>
        <translation>Making the monthly summary…</translation>
    </message>
    <message>
        <source>正在导出申报汇总表…</source>
        <translation>Exporting the monthly summary…</translation>
    </message>
    <message>
        <source>已写入：
{pdf}
{xlsx}</source>
        <translation>Written:
{pdf}
{xlsx}</translation>
    </message>
</context>
</TS>
