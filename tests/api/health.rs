use crate::helpers::spawn_app;

#[tokio::test]
async fn healthz_is_ok_when_the_database_answers() {
    let app = spawn_app().await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn healthz_is_503_when_the_database_is_gone() {
    let app = spawn_app().await;
    app.state.reader.close().await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), 503);
}

#[tokio::test]
async fn the_database_file_and_its_folder_are_created_on_first_run() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/folder/coldcopy.db");
    let url = format!("sqlite://{}", path.display());
    let _app = crate::helpers::spawn_app_with(&[("DATABASE_URL", &url)]).await;
    assert!(path.exists(), "{} was not created", path.display());
}
