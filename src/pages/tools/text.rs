//! The tools guide's words, in each interface language. Kept beside the page rather than in the
//! catalogue (`domain::i18n`): the page is rendered on the server only, and the catalogue is in
//! every island's wasm.

use crate::domain::i18n::Lang;

/// Every text of the guide. A step list is one text, a step a line.
pub(super) struct Text {
    pub title: &'static str,
    pub eyebrow: &'static str,
    pub description: &'static str,
    pub lead: &'static str,
    pub files_title: &'static str,
    pub files_leads: &'static str,
    pub files_steps: &'static str,
    pub days_note: &'static str,
    pub lemlist_steps: &'static str,
    pub instantly_steps: &'static str,
    pub apollo_steps: &'static str,
    pub smartlead_steps: &'static str,
    pub sources: &'static str,
    pub checked: &'static str,
}

/// The guide's words in `lang`.
pub(super) fn text(lang: Lang) -> &'static Text {
    match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    }
}

/// English.
const EN: Text = Text {
    title: "Sending tools: how to use ColdCopy's files",
    eyebrow: "Guide",
    description: "Step by step: ColdCopy's leads file and steps file in lemlist, Instantly, Apollo and Smartlead.",
    lead: "The sending tools import leads from a CSV file; a sequence's steps are pasted into the tool's sequence editor. Here is where each part goes.",
    files_title: "Two files, two jobs",
    files_leads: "The leads file (on a lead list's page: \"Leads file\" for your tool) is the one you import: one row per lead, in the tool's column names, with each lead's first line in its own column.",
    files_steps: "The steps file (on a sequence's page: Export, then your tool) is the sequence to paste from: one row per email with both subjects, the body and the days to wait, its merge tags already in the tool's spelling.",
    days_note: "Days do not mean the same in every tool: lemlist and Apollo count only your sending days, Instantly counts calendar days, weekends included. Check the first send dates before you launch.",
    lemlist_steps: "Create a campaign and import the leads file for lemlist (on your lead list's page). Its columns become lead variables; the first line is in icebreaker, one of lemlist's own variables.\nIn the campaign's sequence, add one email step per row of the steps file (lemlist: the steps as CSV) and paste its subject and message. The merge tags are already lemlist's: {{firstName}}, {{companyName}}, {{icebreaker}}.\nFor the second subject, turn on the A/B test on the step and paste subject_b into variant B (A/B tests need lemlist's Email Pro plan or above).\nSet each step's delay to its delay_days: lemlist counts the campaign's sending days only.\nSend yourself a test, then launch: once a campaign runs, its steps cannot be removed or reordered.",
    instantly_steps: "Create a campaign and upload the leads file for Instantly (on your lead list's page). Map the personalization column to Instantly's Personalization field; the other columns can stay custom variables.\nIn the campaign's sequence, add one step per row of the steps file (Instantly: the steps as CSV) and paste its subject and body.\nAdd a variant to each step and paste subject_variant_b as the variant's subject.\nSet the wait under each step to the next row's wait_days: the wait under step 1 is the time before step 2. Instantly counts calendar days, weekends included; do not leave a wait at 0, which sends the next step at once.\nBefore launching, check the merge tags against the editor's variable menu: the file writes {{firstName}}, {{companyName}} and {{personalization}}.",
    apollo_steps: "Create a custom contact field for the first line (for example Personalized Line). Then import the leads file for Apollo (on your lead list's page) under People, Import, CSV, and map each column, the first line to that field. Split files of more than 10,000 rows.\nAdd the imported contacts to your sequence.\nAdd one automatic email step per row of the steps file (Apollo: the steps as CSV) and paste its subject and body. {{first_name}} is Apollo's own spelling; replace {{personalized_line}} with your custom field from the editor's variable menu.\nFor the second subject, add a second version of the step (an A/B test, on plans that include it).\nSet each step's wait to the days since the previous step (the difference between two rows' day); Apollo counts only the days in your sending schedule. A contact with an empty variable waits in Not sent, so fill the gaps or give fallbacks on the lead list's page first.",
    smartlead_steps: "Create a campaign and upload the leads file for Smartlead (on your lead list's page). Its extra columns become custom fields; the first line is {{icebreaker}}.\nIn the sequence, add one email per row of the steps file (Smartlead: the steps as CSV) and paste email_body and subject. {{first_name}} and {{company_name}} are Smartlead's own spelling. A follow-up may leave its subject empty to go as a reply in the same thread.\nAdd a variant to each step and paste variant_b_subject as its subject.\nSet each step's delay to its delay_in_days (0 to 365).\nPause a running campaign before you change its sequence.",
    sources: "Checked against",
    checked: "Checked against each tool's public documentation in December 2026. Tools change their screens; if a step no longer matches, the tool's own help centre is right.",
};

/// Simplified Chinese.
const ZH: Text = Text {
    title: "发信工具：如何使用 ColdCopy 的文件",
    eyebrow: "指南",
    description: "一步一步：在 lemlist、Instantly、Apollo 和 Smartlead 中使用 ColdCopy 的线索文件和步骤文件。",
    lead: "发信工具从 CSV 文件导入线索；序列的每一步需要粘贴到工具的序列编辑器里。下面说明每一部分放在哪里。",
    files_title: "两个文件，各有用途",
    files_leads: "线索文件（在线索名单页面，选择你所用工具的“线索文件”）是用来导入的：每条线索一行，列名与工具一致，每条线索的开场白单独占一列。",
    files_steps: "步骤文件（在序列页面点“导出”，再选你的工具）是用来对照粘贴的：每封邮件一行，包含两个标题、正文和间隔天数，合并标签已换成该工具的写法。",
    days_note: "各工具对“天”的算法不同：lemlist 和 Apollo 只计算你的发送日，Instantly 按自然日计算（包括周末）。启动前请核对第一封邮件的发送日期。",
    lemlist_steps: "新建一个活动，导入 lemlist 的线索文件。文件的各列会成为线索变量；开场白在 icebreaker 列，这是 lemlist 自带的变量。\n在活动的序列中，步骤文件（lemlist：步骤 CSV）的每一行对应添加一个邮件步骤，粘贴其中的 subject 和 message。合并标签已是 lemlist 的写法：{{firstName}}、{{companyName}}、{{icebreaker}}。\n第二个标题：在该步骤上开启 A/B 测试，把 subject_b 粘贴到 B 版本（A/B 测试需要 lemlist 的 Email Pro 或更高套餐）。\n把每一步的间隔设为 delay_days：lemlist 只计算活动的发送日。\n先给自己发一封测试邮件，再启动：活动开始后，步骤不能删除或调整顺序。",
    instantly_steps: "新建一个活动，上传 Instantly 的线索文件。把 personalization 列对应到 Instantly 的 Personalization 字段；其他列可以保留为自定义变量。\n在活动的序列中，步骤文件（Instantly：步骤 CSV）的每一行对应添加一个步骤，粘贴 subject 和 body。\n给每一步添加一个变体，把 subject_variant_b 粘贴为变体的标题。\n每一步下方的等待时间设为下一行的 wait_days：第 1 步下方的等待时间就是第 2 步之前的间隔。Instantly 按自然日计算（包括周末）；等待时间不要设为 0，否则下一步会立刻发出。\n启动前，对照编辑器的变量菜单核对合并标签：文件里写的是 {{firstName}}、{{companyName}} 和 {{personalization}}。",
    apollo_steps: "先为开场白建一个自定义联系人字段（例如 Personalized Line）。然后在 People、Import、CSV 下导入 Apollo 的线索文件，逐列对应，开场白对应到这个字段。超过 10,000 行的文件请拆开。\n把导入的联系人加入你的序列。\n步骤文件（Apollo：步骤 CSV）的每一行对应添加一个自动邮件步骤，粘贴 subject 和 body。{{first_name}} 是 Apollo 自己的写法；请用编辑器变量菜单中的自定义字段替换 {{personalized_line}}。\n第二个标题：为该步骤添加第二个版本（A/B 测试，需套餐支持）。\n每一步的等待天数设为距上一步的天数（两行 day 之差）；Apollo 只计算发送计划中的日子。变量为空的联系人会停在 Not sent，所以请先在线索名单页面补全或设置备用值。",
    smartlead_steps: "新建一个活动，上传 Smartlead 的线索文件。多出来的列会成为自定义字段；开场白是 {{icebreaker}}。\n在序列中，步骤文件（Smartlead：步骤 CSV）的每一行对应添加一封邮件，粘贴 email_body 和 subject。{{first_name}} 和 {{company_name}} 是 Smartlead 自己的写法。跟进邮件可以不填标题，这样会作为同一线程里的回复发出。\n给每一步添加一个变体，把 variant_b_subject 粘贴为它的标题。\n每一步的间隔设为 delay_in_days（0 到 365）。\n修改正在运行的活动的序列前，请先暂停活动。",
    sources: "核对来源",
    checked: "2026 年 12 月已对照各工具的公开文档核对。工具的界面会变化；如果某一步对不上，以工具自己的帮助中心为准。",
};
