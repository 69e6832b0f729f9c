<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>不配合治疗</source>
        <translation>Non-cooperation</translation>
    </message>
    <message>
        <source>拒不出院</source>
        <translation>Refused to leave</translation>
    </message>
    <message>
        <source>当面送达</source>
        <translation>Handed over in person</translation>
    </message>
    <message>
        <source>邮寄送达</source>
        <translation>Sent by post</translation>
    </message>
    <message>
        <source>交近亲属转交</source>
        <translation>Handed to a close relative</translation>
    </message>
    <message>
        <source>本人签收</source>
        <translation>Signed for by the worker</translation>
    </message>
    <message>
        <source>拒绝签收</source>
        <translation>Refused to sign for it</translation>
    </message>
    <message>
        <source>未当面签收</source>
        <translation>Not signed for in person</translation>
    </message>
    <message>
        <source>通知日期</source>
        <translation>Notice date</translation>
    </message>
    <message>
        <source>通知事由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>签发医师</source>
        <translation>Issuing physician</translation>
    </message>
    <message>
        <source>签收情况</source>
        <translation>Acknowledgement</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>终止康复治疗书面通知</source>
        <translation>Written notice ending the course</translation>
    </message>
    <message>
        <source>拒绝签收时写明拒签情况及在场见证人</source>
        <translation>If refused: how, and the witness present</translation>
    </message>
    <message>
        <source>本人登录密码</source>
        <translation>Your sign-in password</translation>
    </message>
    <message>
        <source>签发并签名</source>
        <translation>Issue and sign</translation>
    </message>
    <message>
        <source>签署所选草稿</source>
        <translation>Sign the selected draft</translation>
    </message>
    <message>
        <source>签发通知（签名后不再改动）</source>
        <translation>Issue the notice (it never changes once signed)</translation>
    </message>
    <message>
        <source>通知日期 *</source>
        <translation>Notice date *</translation>
    </message>
    <message>
        <source>通知事由 *</source>
        <translation>Reason *</translation>
    </message>
    <message>
        <source>事实经过 *</source>
        <translation>Facts *</translation>
    </message>
    <message>
        <source>送达方式 *</source>
        <translation>Delivered *</translation>
    </message>
    <message>
        <source>签收情况 *</source>
        <translation>Acknowledgement *</translation>
    </message>
    <message>
        <source>送达说明</source>
        <translation>Delivery note</translation>
    </message>
    <message>
        <source>签名密码 *</source>
        <translation>Signing password *</translation>
    </message>
    <message>
        <source>打印所选通知</source>
        <translation>Print the selected notice</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>病例 {case}&#x3000;{patient}</source>
        <translation>Case {case}   {patient}</translation>
    </message>
    <message>
        <source>&#x3000;依据：{basis}</source>
        <translation>   Basis: {basis}</translation>
    </message>
    <message>
        <source>已签名</source>
        <translation>Signed</translation>
    </message>
    <message>
        <source>未签名</source>
        <translation>Not signed</translation>
    </message>
    <message>
        <source>通知已签发并签名。</source>
        <translation>Notice issued and signed.</translation>
    </message>
</context>
</TS>
