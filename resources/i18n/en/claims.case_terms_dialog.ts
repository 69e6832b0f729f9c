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
        <source>经办机构编号…</source>
        <translation>Agency ids…</translation>
    </message>
    <message>
        <source>人员编号、就诊ID、凭证类型和险种：写入结算数据文件</source>
        <translation>Person number, visit id, certificate type and insurance type: written into the claim data files</translation>
    </message>
    <message>
        <source>经办机构编号</source>
        <translation>Agency ids</translation>
    </message>
    <message>
        <source>经办机构系统中的人员编号</source>
        <translation>the person number in the agency&apos;s system</translation>
    </message>
    <message>
        <source>登记时经办机构返回的就诊ID或登记流水号</source>
        <translation>the visit id or registration number the agency returned at registration</translation>
    </message>
    <message>
        <source>经办机构使用的代码，可不填</source>
        <translation>the agency&apos;s code; optional</translation>
    </message>
    <message>
        <source>经办机构使用的工伤险种代码，可不填</source>
        <translation>the agency&apos;s code for work-injury insurance; optional</translation>
    </message>
    <message>
        <source>这些编号由经办机构给出，本软件不会自行生成；写入结算数据文件，不计入冻结摘要。</source>
        <translation>These ids come from the agency; the application never makes them up. They go into the claim data files and are not covered by the frozen SHA-256.</translation>
    </message>
    <message>
        <source>人员编号</source>
        <translation>Person number</translation>
    </message>
    <message>
        <source>就诊ID</source>
        <translation>Visit id</translation>
    </message>
    <message>
        <source>就诊凭证类型</source>
        <translation>Certificate type</translation>
    </message>
    <message>
        <source>人员证件类型</source>
        <translation>Person&apos;s certificate type</translation>
    </message>
    <message>
        <source>险种类型</source>
        <translation>Insurance type</translation>
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
