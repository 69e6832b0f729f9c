<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>支付方式与标准</source>
        <translation>Payment method and rates</translation>
    </message>
    <message>
        <source>金额，如 320.00</source>
        <translation>amount, e.g. 320.00</translation>
    </message>
    <message>
        <source>病种=金额，如 WI05=18000.00</source>
        <translation>category=amount, e.g. WI05=18000.00</translation>
    </message>
    <message>
        <source>当前：{terms}</source>
        <translation>Current: {terms}</translation>
    </message>
    <message>
        <source>适用规则：{pack}</source>
        <translation>Rules: {pack}</translation>
    </message>
    <message>
        <source>支付方式</source>
        <translation>Payment method</translation>
    </message>
    <message>
        <source>费率（元）</source>
        <translation>Rate (yuan)</translation>
    </message>
    <message>
        <source>按病种定额</source>
        <translation>Per-disease quotas</translation>
    </message>
    <message>
        <source>每疗程天数</source>
        <translation>Days per course</translation>
    </message>
    <message>
        <source>康复结束与一次性医疗补助金</source>
        <translation>Course end and one-off medical subsidy</translation>
    </message>
    <message>
        <source>记录康复结束</source>
        <translation>Record course end</translation>
    </message>
    <message>
        <source>记录补助金领取</source>
        <translation>Record subsidy taken</translation>
    </message>
    <message>
        <source>康复结束日期</source>
        <translation>Course end date</translation>
    </message>
    <message>
        <source>滞留原因</source>
        <translation>Why the stay went on</translation>
    </message>
    <message>
        <source>一次性医疗补助金领取日期</source>
        <translation>One-off medical subsidy taken on</translation>
    </message>
</context>
</TS>
