<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>指标组</source>
        <translation>Group</translation>
    </message>
    <message>
        <source>指标</source>
        <translation>Figure</translation>
    </message>
    <message>
        <source>本期</source>
        <translation>This period</translation>
    </message>
    <message>
        <source>去年同期</source>
        <translation>Last year</translation>
    </message>
    <message>
        <source>变化</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>病例数</source>
        <translation>Cases behind</translation>
    </message>
    <message>
        <source>病例号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <source>患者</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>分期</source>
        <translation>Stage</translation>
    </message>
    <message>
        <source>服务方式</source>
        <translation>Setting</translation>
    </message>
    <message>
        <source>入院日期</source>
        <translation>Admission date</translation>
    </message>
    <message>
        <source>出院日期</source>
        <translation>Discharge date</translation>
    </message>
    <message>
        <source>住院日</source>
        <translation>Days</translation>
    </message>
    <message>
        <source>费用（元）</source>
        <translation>Cost (yuan)</translation>
    </message>
    <message>
        <source>费用监测预警</source>
        <translation>Cost monitoring warnings</translation>
    </message>
    <message>
        <source>统计分析</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <source>全年</source>
        <translation>Whole year</translation>
    </message>
    <message>
        <source>第{n}季度</source>
        <translation>Q{n}</translation>
    </message>
    <message>
        <source>{n}月</source>
        <translation>Month {n}</translation>
    </message>
    <message>
        <source>全部分期</source>
        <translation>All stages</translation>
    </message>
    <message>
        <source>全部服务方式</source>
        <translation>All settings</translation>
    </message>
    <message>
        <source>全部疾病类别</source>
        <translation>All categories</translation>
    </message>
    <message>
        <source>全部治疗师</source>
        <translation>All therapists</translation>
    </message>
    <message>
        <source>双击指标查看其病例</source>
        <translation>Double-click a figure to list its cases</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>导出 Excel…</source>
        <translation>Export Excel…</translation>
    </message>
    <message>
        <source>导出 PDF…</source>
        <translation>Export PDF…</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>年份</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>期间</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>疾病类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>治疗师</source>
        <translation>Therapist</translation>
    </message>
    <message>
        <source>图表</source>
        <translation>Chart</translation>
    </message>
    <message>
        <source>正在统计 {period}…</source>
        <translation>Computing {period}…</translation>
    </message>
    <message>
        <source>{period}&#x3000;{count} 项指标</source>
        <translation>{period}: {count} figures</translation>
    </message>
    <message>
        <source>已停止</source>
        <translation>Stopped</translation>
    </message>
    <message>
        <source>正在停止…</source>
        <translation>Stopping…</translation>
    </message>
    <message>
        <source>去年同期 {period}</source>
        <translation>Last year {period}</translation>
    </message>
    <message>
        <source>{figure}（{period}）</source>
        <translation>{figure} ({period})</translation>
    </message>
    <message>
        <source>导出统计分析</source>
        <translation>Export the statistics</translation>
    </message>
    <message>
        <source>正在导出到 {path}…</source>
        <translation>Exporting to {path}…</translation>
    </message>
    <message>
        <source>已导出到 {path}</source>
        <translation>Exported to {path}</translation>
    </message>
    <message>
        <source>共 {count} 个病例，费用合计 ¥{total}；双击打开病例</source>
        <translation>{count} cases, costs ¥{total} in all; double-click to open a case</translation>
    </message>
    <message>
        <source>打开病例</source>
        <translation>Open the case</translation>
    </message>
</context>
</TS>
