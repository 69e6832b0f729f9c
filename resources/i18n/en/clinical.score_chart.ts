<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>尚无可绘制的总分</source>
        <translation>No totals to chart</translation>
    </message>
    <message>
        <source>总分</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>占量表分值范围 %</source>
        <translation>% of the instrument&apos;s range</translation>
    </message>
    <message>
        <source>{label}（{low}–{high} 分）</source>
        <translation>{label} ({low}–{high} points)</translation>
    </message>
    <message>
        <source>{label}
{day}：总分 {total}（量表 {low}–{high} 分，{percent}%）</source>
        <translation>{label}
{day}: total {total} (range {low}–{high}, {percent}%)</translation>
    </message>
    <message>
        <source>{label}
{day}：总分 {total}</source>
        <translation>{label}
{day}: total {total}</translation>
    </message>
    <message>
        <source>评估日期（{years}年）</source>
        <translation>Assessment date ({years})</translation>
    </message>
    <message>
        <source>评估总分变化图</source>
        <translation>Scores over time</translation>
    </message>
</context>
</TS>
