"""Staff uploads: validate a file, parse it in the background, preview it, publish or discard.

upload = create_upload(uploaded_file, user)      # refuses bad files, stores nothing for them
# portal.tasks.parse_upload runs parse_stored_upload(upload.pk) on the "background" backend
result = publish(upload, metadata, user)         # import_parsed_document, one transaction
"""
