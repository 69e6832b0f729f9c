<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>患者本人</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>法定代理人</source>
        <translation>Legal representative</translation>
    </message>
    <message>
        <source>授权委托人</source>
        <translation>Authorised person</translation>
    </message>
    <message>
        <source>近亲属</source>
        <translation>Close relative</translation>
    </message>
    <message>
        <source>患者确认治疗方案</source>
        <translation>Patient confirms the treatment plan</translation>
    </message>
    <message>
        <source>患者确认治疗记录</source>
        <translation>Patient confirms the sessions</translation>
    </message>
    <message>
        <source>患者知情同意</source>
        <translation>Patient&apos;s informed consent</translation>
    </message>
    <message>
        <source>医师签名</source>
        <translation>Physician&apos;s signature</translation>
    </message>
    <message>
        <source>治疗师签名</source>
        <translation>Therapist&apos;s signature</translation>
    </message>
    <message>
        <source>评估人签名</source>
        <translation>Assessor&apos;s signature</translation>
    </message>
    <message>
        <source>上级审核签名</source>
        <translation>Senior reviewer&apos;s countersignature</translation>
    </message>
    <message>
        <source>经办人签名</source>
        <translation>Officer&apos;s signature</translation>
    </message>
    <message>
        <source>批准销毁</source>
        <translation>Approves the disposal</translation>
    </message>
    <message>
        <source>监销人签名</source>
        <translation>Disposal witness&apos;s signature</translation>
    </message>
    <message>
        <source>更正人签名</source>
        <translation>Signature of the person correcting</translation>
    </message>
    <message>
        <source>批准更正</source>
        <translation>Approves the correction</translation>
    </message>
    <message>
        <source>申报汇总表经办人签名</source>
        <translation>Monthly summary: prepared by (records officer)</translation>
    </message>
    <message>
        <source>申报汇总表审核人签名</source>
        <translation>Monthly summary: reviewed by</translation>
    </message>
    <message>
        <source>患者签名确认</source>
        <translation>Patient signature</translation>
    </message>
    <message>
        <source>纸质签名扫描件</source>
        <translation>Scan of a paper signature</translation>
    </message>
    <message>
        <source>请核对纸质签字页与以下记录一致（记录号相同），再选择签字页的扫描件。</source>
        <translation>Check that the signed paper page lists the sessions below (same record numbers), then choose the page&apos;s scan.</translation>
    </message>
    <message>
        <source>请核对以下内容，确认无误后在下方签名。</source>
        <translation>Please check what you sign, then sign below.</translation>
    </message>
    <message>
        <source>签名含义：{meaning}</source>
        <translation>Meaning of the signature: {meaning}</translation>
    </message>
    <message>
        <source>超过签署时限（仍可签署，结算前须说明原因）：</source>
        <translation>Beyond the signing limit (signing is still allowed; the claim asks for a reason):</translation>
    </message>
    <message>
        <source>签名人姓名</source>
        <translation>Signer&apos;s name</translation>
    </message>
    <message>
        <source>如：配偶、子女、父母、监护人</source>
        <translation>e.g. spouse, child, parent, guardian</translation>
    </message>
    <message>
        <source>代签原因及查验的证明，如授权委托书</source>
        <translation>Why someone else signs, and the proof seen (e.g. a power of attorney)</translation>
    </message>
    <message>
        <source>签名人：</source>
        <translation>Signer:</translation>
    </message>
    <message>
        <source>姓名：</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>与患者关系：</source>
        <translation>Relationship to the patient:</translation>
    </message>
    <message>
        <source>代签依据：</source>
        <translation>Grounds for signing:</translation>
    </message>
    <message>
        <source>（未选择文件）</source>
        <translation>(no file chosen)</translation>
    </message>
    <message>
        <source>选择扫描件…</source>
        <translation>Choose scan…</translation>
    </message>
    <message>
        <source>清除</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>确认签名</source>
        <translation>Confirm signature</translation>
    </message>
    <message>
        <source>无法读取文件：{error}</source>
        <translation>Cannot read the file: {error}</translation>
    </message>
    <message>
        <source>选择签字页扫描件</source>
        <translation>Choose the signed page&apos;s scan</translation>
    </message>
</context>
</TS>
