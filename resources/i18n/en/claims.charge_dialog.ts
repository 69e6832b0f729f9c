<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>药品</source>
        <translation>Drugs</translation>
    </message>
    <message>
        <source>医疗</source>
        <translation>Medical</translation>
    </message>
    <message>
        <source>床位</source>
        <translation>Beds</translation>
    </message>
    <message>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>伙食补助</source>
        <translation>Meal subsidy</translation>
    </message>
    <message>
        <source>康复项目</source>
        <translation>Rehabilitation items</translation>
    </message>
    <message>
        <source>录入费用</source>
        <translation>Enter a charge</translation>
    </message>
    <message>
        <source>录入</source>
        <translation>Enter</translation>
    </message>
    <message>
        <source>记录发生时间</source>
        <translation>Record the time</translation>
    </message>
    <message>
        <source>项目国家编码</source>
        <translation>The item&apos;s national code</translation>
    </message>
    <message>
        <source>医疗：检查、治疗和卫生材料；康复项目由执行单计费，不在此录入</source>
        <translation>Medical: examinations, treatments and medical materials; rehabilitation items are charged from the execution sheet, not here</translation>
    </message>
    <message>
        <source>目录外项目（自带名称、单位、单价）</source>
        <translation>Out-of-scope item (with its own name, unit and price)</translation>
    </message>
    <message>
        <source>未经书面同意使用（由本机构承担）</source>
        <translation>Used without written consent (borne by the institution)</translation>
    </message>
    <message>
        <source>发生日期</source>
        <translation>Day</translation>
    </message>
    <message>
        <source>项目编码</source>
        <translation>Item code</translation>
    </message>
    <message>
        <source>数量</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <source>费用类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>开单科室编码</source>
        <translation>Ordering department code</translation>
    </message>
    <message>
        <source>开单科室</source>
        <translation>Ordering department</translation>
    </message>
    <message>
        <source>开单医师编码</source>
        <translation>Ordering physician code</translation>
    </message>
    <message>
        <source>开单医师</source>
        <translation>Ordering physician</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>unit</translation>
    </message>
    <message>
        <source>单价</source>
        <translation>Unit price</translation>
    </message>
    <message>
        <source>{day} 无有效的目录项目 {code}</source>
        <translation>No catalogue item {code} in force on {day}</translation>
    </message>
    <message>
        <source>{name}
{unit}，单价 ¥{price}（价格版本 {version}）</source>
        <translation>{name}
{unit}, unit price ¥{price} (price version {version})</translation>
    </message>
    <message>
        <source>数量须为数字</source>
        <translation>The quantity must be a number</translation>
    </message>
</context>
</TS>
