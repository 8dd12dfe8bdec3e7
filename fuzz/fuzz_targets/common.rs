//! What both targets share: the visit form's reference lists and a fixed "today".

use std::sync::LazyLock;

use app::model::VisitReference;

pub static REFERENCE: LazyLock<VisitReference> = LazyLock::new(|| {
    serde_json::from_str(
        r#"{"today":"2026-11-29",
            "categories":[{"id":"00000000-0000-0000-0000-000000000001","name":"Marketing"}],
            "activity_types":[{"id":"00000000-0000-0000-0000-000000000002","name":"BizWorks Orientation",
                               "category":"00000000-0000-0000-0000-000000000001","is_orientation":true}],
            "slate":[{"id":"00000000-0000-0000-0000-000000000003","name":"Job fairs","description":"",
                      "suggested_for":["growth"],"retired":false}]}"#,
    )
    .expect("the fixed reference parses")
});
